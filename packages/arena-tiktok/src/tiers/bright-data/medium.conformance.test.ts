import { ManualClock, MemoryCheckpointStore, MemoryLogger } from "@observatory/arena-core";
import { describeArenaCollector } from "@observatory/arena-core/testing";
import { createTikTokCollector } from "../../create-collector.js";
import { startFakeBrightData } from "../../test-support/fake-bright-data.js";
import { secretScan } from "../../test-support/secret-scan.js";
import { CLIENT_KEY, CLIENT_SECRET, SALT } from "../../test-support/test-collector.js";

const API_KEY = "bd-conformance-key-0123456789abcdef";
secretScan.secret(API_KEY);

// The medium tier behind the same ArenaCollector contract: a page is one snapshot download, each
// keyword is a partition whose checkpoint holds its snapshot_id (a resume downloads, never re-triggers).
describeArenaCollector("tiktok (medium tier, Bright Data fake)", async () => {
  const fake = await startFakeBrightData({ apiKey: API_KEY, postsPerInput: 6 });
  const clock = new ManualClock("2026-11-24T10:00:00Z");
  const logger = new MemoryLogger();
  const checkpoints = new MemoryCheckpointStore();
  secretScan.watch(logger, checkpoints);
  const collector = createTikTokCollector({
    credentials: { clientKey: CLIENT_KEY, clientSecret: CLIENT_SECRET, id: "conformance" },
    pseudonymSalt: SALT,
    baseUrl: fake.url,
    brightData: { apiKey: API_KEY, baseUrl: fake.url, pollIntervalMs: 0 },
    clock,
    sleep: clock.sleep,
    logger,
    checkpoints,
    languageDetector: { name: "fixed", detect: () => ({ language: "da", confidence: 0.9 }) },
  });
  return {
    collector,
    termsQuery: { terms: ["klima", "valg"], since: "2026-09-01", until: "2026-09-15", tier: "medium" },
    actorsQuery: { actors: ["drnyheder"], since: "2026-09-01", until: "2026-09-15", tier: "medium" },
    requests: () => collector.stats.brightDataRequests,
    close: () => fake.close(),
  };
});
