// arena-core's conformance suite, run for the TikTok collector against the local emulator.
import { describeArenaCollector } from "@observatory/arena-core/testing";
import { emulatorCollector, startTestEmulator } from "./test-support/emulator-harness.js";

describeArenaCollector("tiktok (free tier, emulator)", async () => {
  const emulator = await startTestEmulator();
  // Small pages so the test query spans several pages.
  const { collector } = emulatorCollector(emulator, { maxCount: 20 });
  const actor = emulator.corpus.users.find(
    (u) => !u.isPrivate && emulator.corpus.videoIndicesOf(u.username).length > 0,
  );
  return {
    collector,
    termsQuery: { terms: ["#dkpol"], since: "2026-09-01", until: "2026-09-15", regions: ["DK"] },
    ...(actor ? { actorsQuery: { actors: [actor.username], since: "2025-12-01", until: "2026-11-01" } } : {}),
    requests: () => collector.stats.requests,
    close: () => emulator.close(),
  };
});
