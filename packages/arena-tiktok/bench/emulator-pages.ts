// Raw video-query pages from the emulator, exactly as they come over the wire.
import { DEMO_CLIENT, type Emulator } from "@observatory/tiktok-emulator";

export async function fetchRawPages(emulator: Emulator, wanted: number): Promise<string[]> {
  const tokenResponse = await fetch(`${emulator.url}/v2/oauth/token/`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      client_key: DEMO_CLIENT.clientKey,
      client_secret: DEMO_CLIENT.clientSecret,
      grant_type: "client_credentials",
    }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const pages: string[] = [];
  const fields =
    "id,video_description,create_time,region_code,share_count,view_count,like_count,comment_count,music_id,hashtag_names,username,effect_ids,playlist_id,voice_to_text,favorites_count,video_duration";
  for (let day = 0; pages.length < wanted && day < 360; day += 7) {
    const start = new Date(Date.UTC(2025, 11, 1) + day * 86_400_000);
    const end = new Date(start.getTime() + 7 * 86_400_000);
    const ymd = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, "");
    let cursor = 0;
    let searchId: string | undefined;
    for (;;) {
      const response = await fetch(`${emulator.url}/v2/research/video/query/?fields=${fields}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({
          query: {
            and: [
              { field_name: "region_code", operation: "IN", field_values: ["DK", "NO", "SE", "DE", "GB"] },
            ],
          },
          start_date: ymd(start),
          end_date: ymd(end),
          max_count: 100,
          ...(cursor ? { cursor } : {}),
          ...(searchId ? { search_id: searchId } : {}),
        }),
      });
      const text = await response.text();
      if (response.status !== 200)
        throw new Error(`emulator answered ${response.status}: ${text.slice(0, 200)}`);
      pages.push(text);
      const more = /"cursor":(\d+),"has_more":(true|false),"search_id":"(\d+)"/.exec(text);
      if (more?.[2] !== "true" || pages.length >= wanted) break;
      cursor = Number(more[1]);
      searchId = more[3];
    }
  }
  return pages;
}
