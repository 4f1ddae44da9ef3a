/**
 * Issue 22's silent-zero alarm on the built command: an API that answers every query with an empty
 * page (the emulator's silentZeroRate fault) ends in exit 4 and a flagged summary, never "completed";
 * a real absence in a healthy API ends in exit 0 when the canary query finds videos.
 */
import type { Emulator } from "@observatory/tiktok-emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { artifactDir } from "./support/artifacts.js";
import { assertCliBuilt, cliEnv, runCli } from "./support/cli.js";
import { startSuiteEmulator } from "./support/emulator.js";
import { type ResultRow, recordSection } from "./support/results.js";

const RANGE = ["--since", "2026-09-01", "--until", "2026-09-22", "--no-progress", "--canary", "#fyp"];
let emulator: Emulator;
const rows: ResultRow[] = [];

beforeAll(async () => {
  assertCliBuilt();
  emulator = await startSuiteEmulator({ quota: { research: { requests: 1e6, records: 1e9 } } });
});
afterEach(() => emulator.setFaults({}));
afterAll(async () => {
  await emulator?.close();
  recordSection({
    section: "silent-zeros",
    summary:
      "an API answering every query with nothing is flagged (exit 4); a real absence with a good canary is not",
    rows,
  });
});

describe("silent zeros on the command (issue 22)", () => {
  it("every query answered with an empty page: exit 4, FLAGGED in the summary, and a resume collects", async () => {
    const cwd = artifactDir("silent-zeros-outage");
    const args = ["tiktok", "collect", "--term", "klima", ...RANGE, "--out", "k.jsonl"];
    emulator.setFaults({ silentZeroRate: 1 });
    const outage = await runCli("silent-zeros-outage", args, { cwd, env: cliEnv(emulator.url) });
    expect(outage.code).toBe(4);
    expect(outage.stderr).toContain("FLAGGED (silent zeros)");
    expect(outage.stderr).toMatch(/SILENT ZEROS: \d+ window\(s\) came back empty/);
    expect(outage.stderr).toContain('the canary query "#fyp"');
    expect(outage.stderr).not.toMatch(/status\s+completed/);
    emulator.setFaults({});
    const after = await runCli("silent-zeros-after", args, { cwd, env: cliEnv(emulator.url) });
    expect(after.code).toBe(0);
    expect(after.stderr).toMatch(/status\s+completed/);
    expect(after.stderr).not.toMatch(/records\s+0 written/);
    rows.push({
      case: "silentZeroRate 1, --canary '#fyp'",
      exit: String(outage.code),
      "then healthy": String(after.code),
    });
  });

  it("a real absence in a healthy API: the canary finds videos, exit 0", async () => {
    const cwd = artifactDir("silent-zeros-absent");
    const args = ["tiktok", "collect", "--term", "zzqxjv-no-such-word", ...RANGE, "--out", "a.jsonl"];
    const absent = await runCli("silent-zeros-absent", args, { cwd, env: cliEnv(emulator.url) });
    expect(absent.code).toBe(0);
    expect(absent.stderr).toMatch(/status\s+completed/);
    expect(absent.stderr).not.toContain("SILENT ZEROS");
    rows.push({ case: "no match, healthy API, --canary '#fyp'", exit: String(absent.code) });
  });
});
