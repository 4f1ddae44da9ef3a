import { readdirSync, readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, BIN, cleanEnv, runCliProcess, startCli, tempDir } from "../test-support/cli-process.js";
import { type EmulatorFixture, startEmulatorFixture } from "../test-support/emulator-fixture.js";

const QUERY = ["--term", "klima", "--since", "2026-09-01", "--until", "2026-10-01"];

describe("estimate, health and quota against the emulator", () => {
  let fixture: EmulatorFixture;
  const work = tempDir();
  const run = (args: string[]) => runCliProcess(args, { cwd: work.dir, env: cleanEnv(fixture.env()) });

  beforeAll(async () => {
    assertBuilt();
    fixture = await startEmulatorFixture();
  });
  afterAll(async () => {
    await fixture?.close();
    work.cleanup();
  });

  it("estimate prints requests min/expected/max, records, quota days, money and basis — from history once a run completed", async () => {
    const before = await run(["tiktok", "estimate", ...QUERY, "--json"]);
    expect(before.code, before.stderr).toBe(0);
    const first = JSON.parse(before.stdout);
    expect(first.basis).toBe("partitions");
    expect(first.requests.min).toBeLessThanOrEqual(first.requests.expected);
    expect(first.requests.expected).toBeLessThanOrEqual(first.requests.max);
    expect(first).toHaveProperty("quotaDays");
    expect(first.money).toHaveProperty("free", 0);
    expect(fixture.emulator.stats().requests.byEndpoint).toEqual({});

    const collected = await run(["tiktok", "collect", ...QUERY, "--out", "k.jsonl"]);
    expect(collected.code, collected.stderr).toBe(0);
    const after = await run(["tiktok", "estimate", ...QUERY]);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toMatch(/^requests\s+min \d+ · expected \d+ · max \d+$/m);
    expect(after.stdout).toMatch(/^basis\s+history/m);
    expect(after.stdout).toMatch(/^quota days\s+1 /m);
  });

  it("health reports ok with the quota left (exit 0); quota shows the ledger and resets it", async () => {
    const health = await run(["tiktok", "health"]);
    expect(health.code, health.stderr).toBe(0);
    expect(health.stdout).toMatch(/^status\s+ok$/m);
    expect(health.stdout).toMatch(/^quota\s+\d+ of 1,000 requests left today/m);
    // The probe costs a request of the daily quota: the next check within 10 minutes shows the last
    // verdict (shared through the state directory) without one; --probe sends one anyway.
    const left = (stdout: string) => Number(/^quota\s+([\d,]+) of/m.exec(stdout)?.[1]?.replace(/,/g, ""));
    const again = await run(["tiktok", "health"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^detail\s+token and video query work \(probed \d+ s ago; no request sent/m);
    expect(left(again.stdout)).toBe(left(health.stdout));
    const probed = await run(["tiktok", "health", "--probe"]);
    expect(probed.code, probed.stderr).toBe(0);
    expect(left(probed.stdout)).toBe(left(health.stdout) - 1);

    const quota = await run(["tiktok", "quota"]);
    expect(quota.code).toBe(0);
    const used = Number(/research\s+(\d+) of/.exec(quota.stdout)?.[1]);
    expect(used).toBeGreaterThan(0);
    const reset = await run(["tiktok", "quota", "--reset"]);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/research\s+0 of 1,000/);
  });
});

describe("the built-in emulator", () => {
  const work = tempDir();
  afterAll(() => work.cleanup());
  beforeAll(assertBuilt);

  it("with no credentials, collect runs against the in-process emulator and says the data are SYNTHETIC", async () => {
    const result = await runCliProcess(["tiktok", "collect", ...QUERY, "--max", "40"], {
      cwd: work.dir,
      env: cleanEnv({}),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^SYNTHETIC DATA: /m);
    expect(result.stderr).toMatch(/^data\s+SYNTHETIC/m);
    expect(result.stdout.trimEnd().split("\n")).toHaveLength(40);
    // Demo runs keep their state apart from real ones.
    expect(readdirSync(join(work.dir, ".observatory"))).toEqual(["demo"]);
  });

  it("`observatory tiktok emulator` serves the Research API until Ctrl-C", async () => {
    const cli = startCli(["tiktok", "emulator", "--port", "0", "--seed", "7"], {
      cwd: work.dir,
      env: cleanEnv({}),
    });
    await cli.waitForStderr(/Ctrl-C stops it/);
    const url = /listening on (http:\/\/\S+)/.exec(cli.stdout)?.[1];
    expect(url).toBeDefined();
    const response = await fetch(`${url}/v2/oauth/token/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_key: "demo-client-key",
        client_secret: "demo-client-secret-0000",
        grant_type: "client_credentials",
      }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { access_token: string }).access_token).toMatch(/^clt\./);
    cli.child.kill("SIGINT");
    const result = await cli.done;
    expect(result.code).toBe(0);
  });
});

describe("observatory --help stays light", () => {
  beforeAll(assertBuilt);

  it("the command's static import graph holds only commander and its own small modules", () => {
    const heavy = [
      "@observatory/arena-core",
      "@observatory/arena-tiktok",
      "@observatory/arena-redis",
      "@observatory/tiktok-emulator",
      "zod",
      "cli-progress",
      "csv-stringify",
      "ioredis",
    ];
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, "utf8");
      // Static imports only; `import("…")` inside actions loads lazily.
      for (const match of code.matchAll(/^import\s+(?:[^"'()]*?\s+from\s+)?["']([^"']+)["']/gm)) {
        const specifier = match[1]!;
        expect(
          heavy.filter((h) => specifier === h || specifier.startsWith(`${h}/`)),
          `${file} imports ${specifier}`,
        ).toEqual([]);
        if (specifier.startsWith(".")) visit(join(dirname(file), specifier));
      }
    };
    visit(BIN);
    expect(seen.size).toBeGreaterThan(1);
    const external = [...seen].flatMap((file) =>
      [
        ...readFileSync(file, "utf8").matchAll(/^import\s+(?:[^"'()]*?\s+from\s+)?["']([^."'][^"']*)["']/gm),
      ].map((m) => m[1]),
    );
    // Node's own modules are free (the build may drop their "node:" prefix).
    expect(new Set(external.filter((s) => !isBuiltin(s!)))).toEqual(new Set(["commander"]));
  });
});
