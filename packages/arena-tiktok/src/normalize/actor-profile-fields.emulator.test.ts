// user/info/ with every documented field (bio_url since 2024-11-04, open_id, is_private), against the emulator.
import type { ActorProfile } from "@observatory/arena-core";
import type { Emulator } from "@observatory/tiktok-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { USER_INFO_FIELDS } from "../endpoints/user-info.js";
import { emulatorCollector, startTestEmulator } from "../test-support/emulator-harness.js";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator.close();
});

describe("user info: every documented field", () => {
  it("requests bio_url, open_id and is_private and keeps them in profile.raw", async () => {
    expect(USER_INFO_FIELDS).toEqual(expect.arrayContaining(["bio_url", "open_id", "is_private"]));
    const user = emulator.corpus.users.find((u) => u.isVerified && !u.isPrivate)!;
    const { collector } = emulatorCollector(emulator);
    const profiles: ActorProfile[] = [];
    for await (const p of collector.fetchActors([user.username])) profiles.push(p);
    expect(profiles[0]).toMatchObject({
      status: "ok",
      bio: user.bio,
      raw: {
        bio_url: `https://example.org/${user.username}`,
        open_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        is_private: false,
      },
    });
  });
});
