import { describe, expect, it } from "vitest";
import { startEmulator } from "./emulator.js";
import { ApiClient, type Loose, TestClock, videoQuery } from "./test-support.js";

/** Runs a fixed request sequence and returns every raw response body. */
async function transcript(seed: number): Promise<string[]> {
  const em = await startEmulator({
    seed,
    clock: new TestClock(),
    corpus: { videos: 5_000 },
    faults: { internalErrorRate: 0.1, searchIdChangeRate: 0.3, emptyPageRate: 0.1 },
  });
  try {
    const api = new ApiClient(em.url);
    const out: string[] = [(await api.fetchToken()).text];
    await api.login();
    let body = videoQuery({ max_count: 7 });
    for (let i = 0; i < 6; i++) {
      const reply = await api.post("video/query/", body, "id,video_description,view_count,hashtag_info_list");
      out.push(reply.text);
      const data = (reply.json as Loose).data;
      if (data?.has_more) body = { ...body, cursor: Number(data.cursor), search_id: data.search_id };
    }
    out.push((await api.post("video/query/", videoQuery({ is_random: true, max_count: 5 }), "id")).text);
    const creator = em.corpus.users.find((u) => !u.isPrivate && u.isCreator)!;
    out.push(
      (await api.post("user/info/", { username: creator.username }, "display_name,follower_count")).text,
    );
    out.push((await api.post("user/followers/", { username: creator.username, max_count: 5 })).text);
    const video = em.corpus.videos.find((v) => !v.deleted && v.finalEngagement.comment_count > 5)!;
    out.push(
      (await api.post("video/comment/list/", { video_id: video.id }, "id,text,parent_comment_id")).text,
    );
    return out;
  } finally {
    await em.close();
  }
}

describe("determinism", () => {
  it("gives byte-identical responses for the same seed and request sequence", async () => {
    const a = await transcript(1234);
    const b = await transcript(1234);
    expect(b).toEqual(a);
    expect(a.join("\n")).toContain('"videos":[{');
  });

  it("gives a different corpus, tokens and ids for another seed", async () => {
    const a = await transcript(1234);
    const c = await transcript(4321);
    expect(c[0]).not.toBe(a[0]);
    expect(c[1]).not.toBe(a[1]);
  });
});
