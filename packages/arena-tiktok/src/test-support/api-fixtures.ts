// Research API response fixtures as raw JSON text: 64-bit IDs go over the wire as bare numbers.

export interface ApiVideoFixture {
  id: string;
  create_time: number;
  video_description?: string;
  username?: string;
  region_code?: string;
  [key: string]: unknown;
}

/** JSON with `id`/`music_id` written as bare integers (as the API does). */
export function rawVideo(video: ApiVideoFixture): string {
  const { id, ...rest } = video;
  const body = JSON.stringify({ like_count: 10, view_count: 100, share_count: 1, comment_count: 2, ...rest });
  return `{"id":${id},${body.slice(1)}`.replace(/"(music_id|playlist_id)":"(\d+)"/g, '"$1":$2');
}

export function rawVideoPage(
  videos: ApiVideoFixture[],
  page: { cursor: number; hasMore: boolean; searchId?: string },
): string {
  const searchId = page.searchId ? `,"search_id":"${page.searchId}"` : "";
  return (
    `{"data":{"videos":[${videos.map(rawVideo).join(",")}],"cursor":${page.cursor},"has_more":${page.hasMore}${searchId}},` +
    `"error":{"code":"ok","message":"","log_id":"20261124000000TEST"}}`
  );
}

export const apiError = (code: string, message: string) =>
  JSON.stringify({ data: {}, error: { code, message, log_id: "20261124000000ERR" } });

export const video = (
  n: number,
  day = "2026-09-02",
  extra: Partial<ApiVideoFixture> = {},
): ApiVideoFixture => ({
  id: (7301234567890000000n + BigInt(n)).toString(),
  create_time: Math.floor(Date.parse(`${day}T12:00:00Z`) / 1000) + n,
  video_description: `Klimaet og afgiften på benzin er til debat igen #dkpol #klima nr ${n}`,
  username: `creator${n % 7}`,
  region_code: "DK",
  hashtag_names: ["dkpol", "klima"],
  ...extra,
});
