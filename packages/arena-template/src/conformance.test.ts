// arena-core's conformance suite, run for the template arena against its fake API. Keep this file.
import { ManualClock } from "@observatory/arena-core";
import { describeArenaCollector } from "@observatory/arena-core/testing";
import { createExampleCollector } from "./collector.js";
import { FakeExampleApi, samplePosts } from "./testing/fake-api.js";

describeArenaCollector("example (fake API)", async () => {
  const api = new FakeExampleApi(samplePosts("2026-09-01", 14, 12));
  const collector = createExampleCollector({
    apiKey: api.apiKey,
    pseudonymSalt: "a-salt-of-at-least-16",
    fetch: api.fetch,
    clock: new ManualClock("2026-11-01T00:00:00Z"),
    sleep: async () => {},
    pageSize: 10,
  });
  return {
    collector,
    termsQuery: { terms: ["klima"], since: "2026-09-01", until: "2026-09-15" },
    actorsQuery: { actors: ["anna"], since: "2026-09-01", until: "2026-09-08" },
    requests: () => api.requests,
  };
});
