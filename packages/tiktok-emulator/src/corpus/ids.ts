/**
 * TikTok-style 64-bit ids: the top 32 bits are the Unix time of creation, the low 32 bits random.
 * For 2016 onwards that is a 19-digit decimal beyond 2^53, as on the real API.
 */
export function snowflakeId(unixSeconds: number, low32: number): string {
  return ((BigInt(Math.floor(unixSeconds)) << 32n) | BigInt(low32 >>> 0)).toString();
}

/** The creation time (Unix seconds) encoded in a snowflake id, or undefined for a non-numeric id. */
export function snowflakeTime(id: string): number | undefined {
  if (!/^\d{1,20}$/.test(id)) return undefined;
  return Number(BigInt(id) >> 32n);
}

/** Compares two decimal id strings numerically (no leading zeros assumed). */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
