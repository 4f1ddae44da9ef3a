/** The largest TikTok ID: IDs are signed 64-bit integers. */
const MAX_INT64 = 9_223_372_036_854_775_807n;

/** True for a TikTok video ID: digits only, a positive signed 64-bit integer. */
export function isVideoId(text: string): boolean {
  return /^\d{1,19}$/.test(text) && BigInt(text) > 0n && BigInt(text) <= MAX_INT64;
}
