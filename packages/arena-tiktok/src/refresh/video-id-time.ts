/**
 * The time encoded in a TikTok video ID. TikTok's IDs are Snowflake-like: the top 32 bits of the
 * 64-bit ID are a Unix time in seconds. Checked against real Research API data (the video page
 * fixture of CybersecurityForDemocracy/tiktok-library, 2024-01-06): for every video, `id >> 32` lies
 * 18–48 seconds *before* the API's `create_time` (the ID is minted when the upload starts, the
 * create time is set when it is published). The shift runs on a BigInt from the exact decimal
 * string; the ID never passes through a JS number.
 */
export function videoIdTime(id: string): number {
  if (!/^\d{1,20}$/.test(id)) throw new RangeError(`not a video ID: ${JSON.stringify(id)}`);
  const seconds = BigInt(id) >> 32n;
  return Number(seconds) * 1000;
}
