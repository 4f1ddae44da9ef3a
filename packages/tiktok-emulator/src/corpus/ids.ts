/**
 * TikTok-style 64-bit ids: the top 32 bits are the Unix time of creation, the low 32 bits random.
 * For 2016 onwards that is a 19-digit decimal beyond 2^53, as on the real API.
 */
export function snowflakeId(unixSeconds: number, low32: number): string {
  // hi·2^32 + lo in exact double arithmetic: 2^32 = 4294·10^6 + 967296, and every partial
  // product stays below 2^53 for hi < 2^31 (BigInt would allocate three temporaries per id).
  const hi = Math.floor(unixSeconds);
  const lo = low32 >>> 0;
  if (hi < 0 || hi >= 2 ** 31) return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
  const units = hi * 967_296 + lo;
  const millions = hi * 4_294 + Math.floor(units / 1_000_000);
  const rest = units % 1_000_000;
  return millions > 0 ? `${millions}${String(rest).padStart(6, "0")}` : String(rest);
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
