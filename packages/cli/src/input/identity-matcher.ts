import { createPseudonymizer } from "@observatory/arena-core";

/**
 * The fields that name a person in the records this command writes: content records
 * (`author_platform_id`, `pseudonymized_author_id`), follower edges (`username`, `of`) and profiles
 * (`username`, `pseudonymizedId`).
 */
export const IDENTITY_FIELDS = [
  "author_platform_id",
  "pseudonymized_author_id",
  "username",
  "of",
  "pseudonymizedId",
] as const;

const normalize = (handle: string) => handle.trim().replace(/^@/, "").toLowerCase();

/**
 * Which of `handles` a record names, or -1: a person is found by their pseudonym under `salt` (the
 * same HMAC the collection used, for the record's own platform) or by their plain handle (public
 * figures, `keepAuthorHandles`). Throws arena-core's ConfigError for a missing or short salt.
 */
export function identityMatcher(
  salt: string | undefined,
  handles: readonly string[],
): (record: Record<string, unknown>) => number {
  const pseudonymize = createPseudonymizer({ salt });
  const plain = handles.map(normalize);
  const byPlatform = new Map<string, Map<string, number>>();
  const idsFor = (platform: string) => {
    let ids = byPlatform.get(platform);
    if (!ids) {
      ids = new Map();
      for (const [i, handle] of plain.entries()) {
        if (!ids.has(handle)) ids.set(handle, i);
        ids.set(pseudonymize(platform, handle).id, i);
      }
      byPlatform.set(platform, ids);
    }
    return ids;
  };
  return (record) => {
    const platform = typeof record.platform === "string" && record.platform ? record.platform : "tiktok";
    const ids = idsFor(platform);
    for (const field of IDENTITY_FIELDS) {
      const value = record[field];
      if (typeof value !== "string" || !value) continue;
      const found = ids.get(value) ?? ids.get(normalize(value));
      if (found !== undefined) return found;
    }
    return -1;
  };
}
