import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertBuilt,
  type CliResult,
  cleanEnv,
  runCliProcess,
  tempDir,
} from "../test-support/cli-process.js";
import { type EmulatorFixture, startEmulatorFixture } from "../test-support/emulator-fixture.js";

const SECRET = "cli-known-secret-7f3a9b2c4d5e6f70";
const SALT = "cli-known-salt-0a1b2c3d4e5f6a7b8c9d";
const DATES = ["--since", "2026-10-01", "--until", "2026-10-15"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("secrets are never printed or stored", () => {
  let fixture: EmulatorFixture;
  const work = tempDir();
  const outputs: CliResult[] = [];
  const run = async (args: string[], extra: Record<string, string | undefined> = {}) => {
    const result = await runCliProcess(args, {
      cwd: work.dir,
      env: cleanEnv(fixture.env({ OBSERVATORY_PSEUDONYM_SALT: SALT, ...extra })),
    });
    outputs.push(result);
    return result;
  };

  beforeAll(async () => {
    assertBuilt();
    fixture = await startEmulatorFixture({ clients: [{ clientKey: "cli-test-key", clientSecret: SECRET }] });
  });
  afterAll(async () => {
    await fixture?.close();
    work.cleanup();
  });

  it("every command, verbose, successful or failing, prints and stores no secret and no token", async () => {
    expect(
      (await run(["tiktok", "collect", "--term", "klima", ...DATES, "--out", "k.jsonl", "-v"])).code,
    ).toBe(0);
    expect(
      (await run(["tiktok", "collect", "--term", "klima", ...DATES, "--format", "csv", "-v"])).code,
    ).toBe(0);
    const actor = fixture.emulator.corpus.users.find((u) => u.videoCount >= 5 && !u.isPrivate)!.username;
    expect(
      (await run(["tiktok", "actors", "--actor", actor, ...DATES, "-v", "--out", "a.csv", "-f", "csv"])).code,
    ).toBe(0);
    expect((await run(["tiktok", "health", "-v"])).code).toBe(0);
    expect((await run(["tiktok", "health", "--json"])).code).toBe(0);
    expect((await run(["tiktok", "estimate", "--term", "klima", ...DATES, "--json"])).code).toBe(0);
    expect((await run(["tiktok", "quota", "--json"])).code).toBe(0);
    // Rejected credentials: the failure names the variables, not their values.
    const rejected = await run(["tiktok", "collect", "--term", "klima", ...DATES, "-v"], {
      TIKTOK_CLIENT_SECRET: `${SECRET}-wrong`,
    });
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/TIKTOK_CLIENT_SECRET/);
    const badHealth = await run(["tiktok", "health", "-v"], { TIKTOK_CLIENT_SECRET: `${SECRET}-wrong` });
    expect(badHealth.code).toBe(1);

    const printed = outputs.map((o) => o.stdout + o.stderr).join("\n");
    expect(printed).not.toContain(SECRET);
    expect(printed).not.toContain(SALT);
    expect(printed).not.toMatch(/\bclt\.(?!\[REDACTED\])/);
    const stored = filesUnder(work.dir);
    expect(stored.some((f) => f.includes(".observatory"))).toBe(true);
    for (const file of stored) {
      const text = readFileSync(file, "utf8");
      expect(text, file).not.toContain(SECRET);
      expect(text, file).not.toContain(SALT);
      expect(text, file).not.toMatch(/\bclt\./);
    }
  });
});
