/** Values as PostgreSQL returns them through either backend (bigint as text, dates as text or Date). */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const text = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
export const isoOrNull = (v: unknown): string | null =>
  v === null || v === undefined
    ? null
    : v instanceof Date
      ? v.toISOString()
      : new Date(String(v)).toISOString();
