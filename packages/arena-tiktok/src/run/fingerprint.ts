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
