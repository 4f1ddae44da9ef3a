import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cleanEnv, runCliProcess, startCli, tempDir } from "../test-support/cli-process.js";

describe("observatory dashboard", () => {
  const work = tempDir();
  beforeAll(assertBuilt);
  afterAll(() => work.cleanup());

  it("refuses a non-loopback --host without a token (exit 2, naming --token)", async () => {
    const r = await runCliProcess(["dashboard", "--db", "study", "--host", "0.0.0.0"], {
      cwd: work.dir,
      env: cleanEnv({}),
    });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("--host 0.0.0.0");
    expect(r.stderr).toContain("--token or OBSERVATORY_DASHBOARD_TOKEN");
    expect(r.stdout).toBe("");
  });

  it("a short token is exit 2 naming --token; no --db is exit 2 naming --db", async () => {
    const short = await runCliProcess(["dashboard", "--db", "study", "--token", "abc"], {
      cwd: work.dir,
      env: cleanEnv({}),
    });
    expect(short.code, short.stderr).toBe(2);
    expect(short.stderr).toContain("--token");
    const noDb = await runCliProcess(["dashboard"], { cwd: work.dir, env: cleanEnv({}) });
    expect(noDb.code, noDb.stderr).toBe(2);
    expect(noDb.stderr).toContain("--db");
  });

  it("serves on 127.0.0.1 and stops on SIGTERM; with a token from the environment the token is never printed", async () => {
    const token = "dashboard-token-from-env-0123456789";
    const cli = startCli(["dashboard", "--db", "study", "--port", "0"], {
      cwd: work.dir,
      env: cleanEnv({ OBSERVATORY_DASHBOARD_TOKEN: token }),
    });
    await cli.waitForStderr(/Ctrl-C stops/, 60_000);
    const url = cli.stdout.match(/dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/)?.[1];
    expect(url, cli.stdout).toBeDefined();
    expect((await fetch(url as string)).status).toBe(401);
    const ok = await fetch(url as string, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Studies");
    cli.child.kill("SIGTERM");
    const done = await cli.done;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout + done.stderr).not.toContain(token);
  });
});
