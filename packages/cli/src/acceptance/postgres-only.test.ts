import { join } from "node:path";
import { openStore } from "@observatory/store-postgres";
import {
  type PostgresServer,
  postgresSkipReason,
  startPostgresServer,
} from "@observatory/store-postgres/testing";
import { DEMO_CLIENT } from "@observatory/tiktok-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertBuilt,
  cleanEnv,
  idsOf,
  readJsonl,
  runCliProcess,
  tempDir,
} from "../test-support/cli-process.js";
import { type EmulatorFixture, startEmulatorFixture } from "../test-support/emulator-fixture.js";

// Weekly windows of a few pages each: three processes share the windows of one run.
const QUERY = ["--term", "klima", "--since", "2026-09-01", "--until", "2026-10-13", "--window-days", "7"];
const WORKERS = 3;
const skip = postgresSkipReason();

/** The research API's requests the emulator served since its last reset (tokens not included). */
const researchRequests = (fixture: EmulatorFixture) =>
  fixture.emulator.stats().quota[DEMO_CLIENT.clientKey]?.research.requests ?? 0;

describe.skipIf(skip !== undefined)("--db postgres://… without REDIS_URL: a Postgres-only deployment", () => {
  let fixture: EmulatorFixture;
  let server: PostgresServer;
  const work = tempDir();
  let expected: string[] = [];
  let pagesNeeded = 0;

  /** `WORKERS` processes of one query into one database, each with a state directory of its own (as on separate machines). */
  const collectTogether = (url: string, extra: Record<string, string> = {}) =>
    Promise.all(
      Array.from({ length: WORKERS }, (_, i) =>
        runCliProcess(["tiktok", "collect", ...QUERY, "--db", url, "--no-progress"], {
          cwd: work.dir,
          env: cleanEnv(fixture.env({ OBSERVATORY_STATE_DIR: join(work.dir, `state-${i}`), ...extra })),
        }),
      ),
    );

  beforeAll(async () => {
    assertBuilt();
    server = await startPostgresServer();
    fixture = await startEmulatorFixture({ latencyMs: 60 });
    const reference = await runCliProcess(["tiktok", "collect", ...QUERY, "--out", "reference.jsonl"], {
      cwd: work.dir,
      env: cleanEnv(fixture.env({ OBSERVATORY_STATE_DIR: join(work.dir, "state-reference") })),
    });
    expect(reference.code, reference.stderr).toBe(0);
    expected = idsOf(readJsonl(join(work.dir, "reference.jsonl"))).sort();
    pagesNeeded = researchRequests(fixture);
  }, 60_000);
  afterAll(async () => {
    await fixture?.close();
    await server?.stop();
    work.cleanup();
  });

  it("several processes on one run: distinct workers (each page fetched once), one token request, the exact set", async () => {
    const url = await server.createDatabase("together");
    fixture.emulator.resetStats();
    const results = await collectTogether(url);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const stats = fixture.emulator.stats();
    // One token for all of them: the token cache is the database's (single-flight across processes).
    expect(stats.tokenRequests).toBe(1);
    // Each page once: the processes are distinct workers, each window collected by one of them.
    expect(researchRequests(fixture)).toBe(pagesNeeded);
    const store = await openStore(url);
    try {
      const { rows } = await store.sql.query<{ platform_id: string }>(
        "SELECT platform_id FROM content_records ORDER BY platform_id",
      );
      expect(rows.map((r) => r.platform_id)).toEqual(expected);
      const quota = await store.sql.query<{ requests_used: number }>("SELECT requests_used FROM quota_usage");
      expect(quota.rows.map((r) => r.requests_used)).toEqual([pagesNeeded]);
      const tokens = await store.sql.query("SELECT cache_key FROM access_tokens");
      expect(tokens.rows).toHaveLength(1);
    } finally {
      await store.close();
    }
  }, 90_000);

  it("the daily limit holds across the processes: never more requests than the limit, together", async () => {
    const url = await server.createDatabase("limited");
    const limit = Math.floor(pagesNeeded / 2);
    expect(limit).toBeGreaterThanOrEqual(WORKERS);
    fixture.emulator.resetStats();
    const results = await collectTogether(url, { TIKTOK_DAILY_REQUESTS: String(limit) });
    // Paused for the quota (exit 3) or done with their share; never a failure.
    for (const r of results) expect([0, 3], r.stderr).toContain(r.code);
    expect(results.some((r) => r.code === 3)).toBe(true);
    expect(researchRequests(fixture)).toBeLessThanOrEqual(limit);
    const store = await openStore(url);
    try {
      const { rows } = await store.sql.query<{ requests_used: number }>(
        "SELECT requests_used FROM quota_usage",
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.requests_used).toBeLessThanOrEqual(limit);
    } finally {
      await store.close();
    }
  }, 90_000);
});
