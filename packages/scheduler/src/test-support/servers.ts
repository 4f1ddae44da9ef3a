import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** A free loopback TCP port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  readonly url: string;
  stop(): Promise<void>;
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start within ${ms} ms`);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGINT");
  });
}

/** Whether this process may run initdb (it refuses root: then it runs as the `postgres` user). */
function asPostgresUser(args: string[]): [string, string[]] {
  const root = process.getuid?.() === 0;
  return root ? ["runuser", ["-u", "postgres", "--", ...args]] : [args[0] as string, args.slice(1)];
}

/** Starts a throwaway PostgreSQL 15 server on a free loopback port (trust auth); `stop()` removes it. */
export async function startPostgres(): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), "sched-pg-"));
  chmodSync(dir, 0o777);
  if (process.getuid?.() === 0) spawnSync("chown", ["postgres", dir]);
  const data = join(dir, "data");
  const [initCmd, initArgs] = asPostgresUser([
    join(PG_BIN, "initdb"),
    "-A",
    "trust",
    "-U",
    "postgres",
    "-D",
    data,
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: "utf8" });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.error}`);
  const port = await freePort();
  const [cmd, args] = asPostgresUser([
    join(PG_BIN, "postgres"),
    "-D",
    data,
    "-p",
    String(port),
    "-k",
    dir,
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "fsync=off",
    "-c",
    "max_connections=200",
  ]);
  const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr?.on("data", (d) => {
    log += String(d);
  });
  await waitFor(() => log.includes("ready to accept connections"), `postgres (${log.slice(-500)})`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      // runuser does not pass signals on: stop the postmaster itself (fast shutdown).
      try {
        const pid = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
        if (pid > 0) process.kill(pid, "SIGINT");
      } catch {
        child.kill("SIGINT");
      }
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts a throwaway redis-server on a free loopback port. */
export async function startRedis(): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(
    process.env.REDIS_SERVER_BIN ?? "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  let log = "";
  child.stdout?.on("data", (d) => {
    log += String(d);
  });
  await waitFor(() => log.includes("Ready to accept connections"), "redis-server");
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopChild(child) };
}
