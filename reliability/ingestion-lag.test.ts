/**
 * Issue 16 item 9 (last case) and issue 22's lag: a window that lies after today minus the ingestion
 * lag is not marked complete — a later run of the same run still collects it — and the warning names
 * the right reason (TikTok's ingestion lag of 2–10 days, 8–10 measured in March 2026), not "about two
 * days". On the library (the emulator's clock) and on the built command (the real clock).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DAY_MS, WindowsDeferredError } from "@observatory/arena-core";
import type { Emulator } from "@observatory/tiktok-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactDir } from "./support/artifacts.js";
import { assertCliBuilt, cliEnv, runCli } from "./support/cli.js";
import { drain, suiteCollector } from "./support/collector.js";
import { startSuiteEmulator } from "./support/emulator.js";
import { type ResultRow, recordSection } from "./support/results.js";
import { SUITE_NOW } from "./support/suite-client.js";
import { truthFor } from "./support/truth.js";

let emulator: Emulator;
const rows: ResultRow[] = [];
const REASON =
  /ingests videos with a lag \(reports range from 2 to 10 days; 8–10 days measured in March 2026\)/;

beforeAll(async () => {
  emulator = await startSuiteEmulator({ quota: { research: { requests: 1e6, records: 1e9 } } });
});
afterAll(async () => {
  await emulator?.close();
  recordSection({
    section: "ingestion-lag",
    summary: "windows within the ingestion lag are left for a later run, with the lag as the reason",
    rows,
  });
});

describe("windows within the ingestion lag (issue 16 item 9, issue 22)", () => {
  it("the library: not marked complete, collected by the same run once they have settled, exactly", async () => {
    // The suite's now is 2026-11-24T10:00: with the default 10-day lag, windows ending after
    // 2026-11-14T10:00 (11-10..11-17 and 11-17..11-24) wait.
    const query = { terms: ["klima", "#dkpol", "valg"], since: "2026-10-27", until: "2026-11-24" };
    let now = SUITE_NOW;
    const host = suiteCollector(emulator, "ingestion-lag", { clock: { now: () => now } });
    const first = await drain("ingestion-lag-first", host.collector.collectByTerms(query, { runId: "lag" }));
    expect(first.error).toBeInstanceOf(WindowsDeferredError);
    const error = first.error as WindowsDeferredError;
    expect(error.deferred.map((w) => w.since.slice(0, 10))).toEqual(["2026-11-10", "2026-11-17"]);
    expect(error.message).toMatch(REASON);
    expect(host.logger.text()).toMatch(REASON);
    expect(host.logger.text()).not.toContain("about two days");
    for (const w of error.deferred) {
      const key = `terms|${w.since}..${w.until}`;
      expect((await host.checkpoints.get("lag", key))?.done ?? false).toBe(false);
    }
    expect(first.records.every((r) => (r.published_at ?? "") < "2026-11-10")).toBe(true);

    // Eleven days later the same run collects the two windows: the union is the whole range, once.
    now = SUITE_NOW + 11 * DAY_MS;
    const second = await drain(
      "ingestion-lag-second",
      host.collector.collectByTerms(query, { runId: "lag" }),
    );
    expect(second.error).toBeUndefined();
    expect(second.records.every((r) => (r.published_at ?? "") >= "2026-11-10")).toBe(true);
    const ids = [...first.records, ...second.records].map((r) => r.platform_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(truthFor(emulator, query));
    host.save();
    rows.push({
      case: "library: 4 weekly windows, the last 2 within the 10-day lag",
      first: `deferred ${error.deferred.length}, ${first.records.length} records`,
      later: `${second.records.length} records, completed`,
      exact: true,
    });
  });

  it("the command: exit 5, the reason on stderr, and the same command does not call the run completed", async () => {
    assertCliBuilt();
    const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
    // Three weekly windows ending today: with the default 10-day lag only the first has settled.
    const args = ["tiktok", "collect", "--term", "klima", "--since", day(-21), "--until", day(0)];
    const cwd = artifactDir("ingestion-lag-cli");
    const out = ["--out", "lag.jsonl", "--no-progress"];
    const first = await runCli("ingestion-lag-cli-1", [...args, ...out], { cwd, env: cliEnv(emulator.url) });
    expect(first.code).toBe(5);
    expect(first.stderr).toMatch(REASON);
    expect(first.stderr).toContain("DEFERRED: windows within the ingestion lag are left for a later run");
    // Adaptive windows (the default) are planned only up to the last settled day: what was collected
    // was published before it.
    const settled = day(-10);
    const collected = readFileSync(join(cwd, "lag.jsonl"), "utf8").trim().split("\n").filter(Boolean);
    expect(collected.length).toBeGreaterThan(0);
    for (const line of collected) expect(line).toMatch(/"published_at":"(\d{4}-\d{2}-\d{2})/);
    expect(collected.every((l) => (/"published_at":"([^"]+)"/.exec(l)?.[1] ?? "") < settled)).toBe(true);
    // Fixed weekly windows: the first of three has settled.
    const fixed = await runCli(
      "ingestion-lag-cli-fixed",
      [...args, "--fixed-windows", "--out", "lag-fixed.jsonl", "--no-progress"],
      { cwd, env: cliEnv(emulator.url) },
    );
    expect(fixed.code).toBe(5);
    expect(fixed.stderr).toMatch(/windows\s+1\/3 done/);
    const sidecar = JSON.parse(readFileSync(join(cwd, "lag.jsonl.resume.json"), "utf8")) as unknown;
    expect(JSON.stringify(sidecar)).not.toMatch(/"completed":\s*true/);
    const again = await runCli("ingestion-lag-cli-2", [...args, ...out], { cwd, env: cliEnv(emulator.url) });
    expect(again.code).toBe(5);
    expect(again.stderr).not.toContain("already completed");
    // --ingestion-lag-days 0 collects the newest days now, and says what that means.
    const now = await runCli("ingestion-lag-cli-3", [...args, "--ingestion-lag-days", "0", "--no-progress"], {
      cwd,
      env: cliEnv(emulator.url),
    });
    expect(now.code).toBe(0);
    expect(now.stderr).toContain("--ingestion-lag-days is 0: the newest videos may be missing");
    rows.push({
      case: "command: 3 weekly windows ending today",
      exit: String(first.code),
      rerun: String(again.code),
      "lag 0": String(now.code),
    });
  });
});
