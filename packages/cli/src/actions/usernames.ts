import { UsageError } from "../usage-error.js";

/** Usernames from the command line: "@name" and "name" are the same account. */
export function parseUsernames(names: readonly string[], what = "NAME"): string[] {
  const out: string[] = [];
  for (const name of names) {
    const clean = name.trim().replace(/^@/, "").toLowerCase();
    if (!/^[a-z0-9._]{1,50}$/.test(clean)) {
      throw new UsageError(
        `${what} ${JSON.stringify(name)} is not a TikTok username: letters, digits, '.' and '_' only, e.g. drnyheder or @drnyheder.`,
        what,
      );
    }
    if (!out.includes(clean)) out.push(clean);
  }
  return out;
}
