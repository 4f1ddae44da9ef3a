import { createHash } from "node:crypto";

/** Stable JSON (sorted keys; Dates as ISO) → SHA-256 hex prefix. */
export function fingerprint(value: unknown, length = 16): string {
  return createHash("sha256").update(stableStringify(value)).digest("hex").slice(0, length);
}

export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    return v;
  });
}

/** The default runId: the same query gives the same runId, so re-running a command resumes it. */
export function deriveRunId(platform: string, kind: string, query: unknown): string {
  return `${platform}-${kind}-${fingerprint(query, 12)}`;
}
