import type { ActorProfile } from "@observatory/arena-core";
import { guardNock } from "@observatory/arena-core/testing";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { apiCall, okEnvelope, parsedBodies } from "../test-support/list-fixtures.js";
import { apiError, collect, testCollector, tokenScope } from "../test-support/nock-api.js";

const PATH = "/v2/research/user/info/";

guardNock(nock);

describe("fetchActors", () => {
  it("profiles each name and reports unknown and private users per name", async () => {
    const raw: string[] = [];
    tokenScope();
    apiCall(PATH, raw).reply(
      200,
      okEnvelope(
        JSON.stringify({
          display_name: "DR Nyheder",
          bio_description: "Nyheder fra DR",
          avatar_url: "https://p16.tiktokcdn.com/a.jpeg",
          is_verified: true,
          follower_count: 512000,
          following_count: 12,
          likes_count: 9000000,
          video_count: 1500,
        }),
      ),
    );
    apiCall(PATH, raw).reply(400, apiError("invalid_params", "User ghost is invalid: cannot find the user"));
    apiCall(PATH, raw).reply(
      400,
      apiError("invalid_params", "API cannot return this user's information: x is private"),
    );
    apiCall(PATH, raw).reply(400, apiError("invalid_params", "API cannot return this user's information"));
    const { collector } = testCollector({ publicFigures: ["drnyheder"] });
    const { items, error } = await collect(
      collector.fetchActors(["@DRNyheder", "ghost", "lukket", "under18"], { runId: "a" }),
    );
    expect(error).toBeUndefined();
    expect(parsedBodies(raw).map((b) => b.username)).toEqual(["drnyheder", "ghost", "lukket", "under18"]);
    const [dr, ghost, lukket, minor] = items as ActorProfile[];
    expect(dr).toMatchObject({
      platform: "tiktok",
      username: "drnyheder",
      status: "ok",
      displayName: "DR Nyheder",
      bio: "Nyheder fra DR",
      verified: true,
      followerCount: 512000,
      followingCount: 12,
      likesCount: 9000000,
      videoCount: 1500,
      pseudonymizedId: "drnyheder",
    });
    expect(ghost).toMatchObject({
      status: "not_found",
      detail: expect.stringMatching(/cannot find the user/),
    });
    expect(ghost?.pseudonymizedId).toMatch(/^[0-9a-f]{64}$/);
    expect(lukket?.status).toBe("private");
    expect(minor?.status).toBe("unavailable");

    // Resuming the same runId asks for nothing again.
    const before = collector.stats.requests;
    const again = await collect(
      collector.fetchActors(["drnyheder", "ghost", "lukket", "under18"], { runId: "a" }),
    );
    expect(again.items).toEqual([]);
    expect(collector.stats.requests).toBe(before);
  });
});
