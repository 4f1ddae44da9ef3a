import { IncompleteCollectionError, ManualClock, MemoryQuotaLedger } from "@observatory/arena-core";
import { guardNock } from "@observatory/arena-core/testing";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { apiCall, parsedBodies, rawListPage, rawRelation } from "../test-support/list-fixtures.js";
import { apiError, collect, testCollector, tokenScope } from "../test-support/nock-api.js";

const FOLLOWERS = "/v2/research/user/followers/";
const FOLLOWING = "/v2/research/user/following/";
const page = (names: string[], cursor: number, hasMore: boolean) =>
  rawListPage(
    "user_followers",
    names.map((n) => rawRelation(n)),
    cursor,
    hasMore,
  );

guardNock(nock);

describe("followers and following", () => {
  it("pages with a decreasing Unix-time cursor, de-duplicates the boundary and pseudonymises handles", async () => {
    const raw: string[] = [];
    const fields: (string | undefined)[] = [];
    tokenScope();
    apiCall(FOLLOWERS, raw, fields).reply(200, page(["anna", "bo", "carl"], 1_790_000_000, true));
    // "On or before": the account followed at the boundary second comes again.
    apiCall(FOLLOWERS, raw, fields).reply(200, page(["carl", "dr_politik"], 1_780_000_000, false));
    const clock = new ManualClock("2026-11-24T10:00:00Z");
    const quota = new MemoryQuotaLedger({ clock });
    const { collector } = testCollector({ clock, quota, publicFigures: ["dr_politik"] });
    const stream = collector.followers("@Statsministeriet", { runId: "f1" });
    const { items, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(parsedBodies(raw)).toEqual([
      { username: "statsministeriet", max_count: 100 },
      { username: "statsministeriet", max_count: 100, cursor: 1_790_000_000 },
    ]);
    expect(fields).toEqual([undefined, undefined]); // the spec has no fields parameter here
    expect(items).toHaveLength(4);
    const [anna] = items;
    expect(anna).toMatchObject({
      platform: "tiktok",
      relation: "follower",
      username_pseudonymized: true,
      display_name: null,
      of_pseudonymized: true,
    });
    expect(anna?.username).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(items)).not.toContain("anna");
    expect(JSON.stringify(items)).not.toContain("statsministeriet");
    expect(items[3]).toMatchObject({
      username: "dr_politik",
      username_pseudonymized: false,
      display_name: "Name of dr_politik",
    });
    // The separate followers pool is charged, not the research pool.
    expect((await quota.state("test", "followers")).requestsUsed).toBe(2);
    expect((await quota.state("test", "followers")).recordsUsed).toBe(5);
    expect((await quota.state("test", "research")).requestsUsed).toBe(0);
    expect(stream.report.outcomes).toEqual([{ target: "statsministeriet", status: "ok", records: 4 }]);
  });

  it("resumes after a quota pause at the saved cursor without repeating the boundary account", async () => {
    const raw: string[] = [];
    const clock = new ManualClock("2026-11-24T10:00:00Z");
    const quota = new MemoryQuotaLedger({ clock });
    tokenScope(2);
    apiCall(FOLLOWERS, raw).reply(200, page(["anna", "bo", "carl"], 1_790_000_000, true));
    apiCall(FOLLOWERS, raw).reply(429, apiError("rate_limit_exceeded", "spent"));
    const { collector } = testCollector({ clock, quota, keepAuthorHandles: true });
    const first = await collect(collector.followers("someone", { runId: "pause" }));
    expect(first.items.map((r) => r.username)).toEqual(["anna", "bo", "carl"]);

    clock.set("2026-11-25T00:00:01Z");
    apiCall(FOLLOWERS, raw).reply(200, page(["carl", "dorte"], 1_780_000_000, false));
    const rest = await collect(collector.followers("someone", { runId: "pause" }));
    expect(rest.error).toBeUndefined();
    expect(rest.items.map((r) => r.username)).toEqual(["dorte"]);
    expect(parsedBodies(raw)[2]).toMatchObject({ cursor: 1_790_000_000 });
  });

  it("treats a timestamp cursor that does not decrease as an API fault, never an endless loop", async () => {
    const raw: string[] = [];
    tokenScope();
    apiCall(FOLLOWERS, raw).reply(200, page(["anna"], 1_790_000_000, true));
    apiCall(FOLLOWERS, raw).reply(200, page(["bo"], 1_790_000_000, true));
    apiCall(FOLLOWERS, raw).reply(200, page(["carl"], 1_780_000_000, false));
    const { collector } = testCollector();
    const stream = collector.followers(["one", "two"], { runId: "stuck" });
    const { items, error } = await collect(stream);
    expect(raw).toHaveLength(3);
    expect(items).toHaveLength(3); // the second user is still collected
    expect(error).toBeInstanceOf(IncompleteCollectionError);
    expect(stream.report.outcomes.map((o) => [o.target, o.status])).toEqual([
      ["one", "failed"],
      ["two", "ok"],
    ]);
    expect(stream.report.outcomes[0]?.detail).toMatch(/must decrease/);
  });

  it("reports a private user and carries on; following reads user_following", async () => {
    const raw: string[] = [];
    tokenScope();
    apiCall(FOLLOWING, raw).reply(
      400,
      apiError("invalid_params", "API cannot return this user's information: hemmelig is private"),
    );
    apiCall(FOLLOWING, raw).reply(
      200,
      rawListPage("user_following", [rawRelation("someone")], 1_700_000_000, false),
    );
    const { collector } = testCollector();
    const stream = collector.following(["hemmelig", "aaben"], { runId: "priv" });
    const { items, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(items).toHaveLength(1);
    expect(items[0]?.relation).toBe("following");
    expect(stream.report.outcomes.map((o) => [o.target, o.status])).toEqual([
      ["hemmelig", "private"],
      ["aaben", "ok"],
    ]);
  });

  it("marks a follower list at TikTok's ~5,000 cap as capped, with the documented limit", async () => {
    tokenScope();
    let cursor = 1_790_000_000;
    let n = 0;
    nock("https://open.tiktokapis.com")
      .post(FOLLOWERS)
      .query(true)
      .times(41)
      .reply(200, () => {
        const names = Array.from({ length: 100 }, () => `user${n++}`);
        cursor -= 100;
        return page(names, cursor, n < 4_100);
      });
    const { collector } = testCollector();
    const stream = collector.followers("popular", { runId: "cap" });
    const { items } = await collect(stream);
    expect(items).toHaveLength(4_100);
    expect(stream.report.outcomes[0]).toMatchObject({
      status: "capped",
      detail: expect.stringMatching(/5,000/),
    });
  });
});
