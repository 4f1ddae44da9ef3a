import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRedisServer, REDIS_SERVER_MISSING } from "./find-redis-server.js";
import { freeLoopbackPort } from "./free-port.js";
import { redisProcessId } from "./ping.js";

export interface RedisServerOptions {
  /** Loopback port; a free one is picked when omitted. */
  port?: number;
  /**
   * `"none"` (default) starts `--save '' --appendonly no`: nothing survives a restart.
   * `"aof"` keeps an append-only file (`appendfsync always`) in a temporary directory, so a restart,
   * even after `kill -9`, restores every write the server acknowledged.
   */
  persistence?: "none" | "aof";
  /** The binary; default `REDIS_SERVER_BIN` or `redis-server` on PATH. */
  bin?: string;
  /** How long to wait for the server to answer PING. Default 10 s. */
  startTimeoutMs?: number;
}

export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly running: boolean;
  /** Takes the server down but keeps its port (and data directory) for `up()`. `crash` sends SIGKILL. */
  down(options?: { crash?: boolean }): Promise<void>;
  /** Starts the server again on the same port. */
  up(): Promise<void>;
  /** `down` then `up`. */
  restart(options?: { crash?: boolean }): Promise<void>;
  /** Stops the server for good and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts a throwaway `redis-server` on 127.0.0.1 for tests (and for other packages' tests). Throws a
 * clear error when the binary is missing; use `redisSkipReason()` to skip instead, outside CI.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const bin = options.bin ?? findRedisServer();
  if (!bin) throw new Error(REDIS_SERVER_MISSING);
  const persistence = options.persistence ?? "none";
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const dir = mkdtempSync(join(tmpdir(), "arena-redis-"));

  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill("SIGKILL");
  process.once("exit", killOnExit);

  const args = (port: number) => [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    ...(persistence === "aof" ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"]),
    "--loglevel",
    "warning",
  ];

  const launch = async (port: number): Promise<void> => {
    const proc = spawn(bin, args(port), { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    proc.stdout?.on("data", collect);
    proc.stderr?.on("data", collect);
    let exited: string | undefined;
    proc.once("exit", (code, signal) => {
      exited = `exited with ${signal ?? `code ${code}`}`;
    });
    proc.once("error", (error) => {
      exited = error.message;
    });
    child = proc;
    const deadline = Date.now() + startTimeoutMs;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`redis-server on port ${port} ${exited}: ${output.trim()}`);
      // Our own process must answer: another server already on this port does not count.
      const pid = await redisProcessId(port, 200);
      if (pid !== undefined && pid === proc.pid) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    proc.kill("SIGKILL");
    throw new Error(
      `redis-server on port ${port} did not answer PING within ${startTimeoutMs} ms: ${output.trim()}`,
    );
  };

  const halt = async (crash: boolean): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => proc.kill("SIGKILL"), 5_000);
      proc.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      proc.kill(crash ? "SIGKILL" : "SIGTERM");
    });
  };

  let port = options.port ?? (await freeLoopbackPort());
  for (let attempt = 1; ; attempt++) {
    try {
      await launch(port);
      break;
    } catch (error) {
      // Another process may take the free port between the probe and the spawn: pick another one.
      if (options.port !== undefined || attempt >= 5 || !/in use/i.test(String(error))) {
        process.removeListener("exit", killOnExit);
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
      port = await freeLoopbackPort();
    }
  }

  const isRunning = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    port,
    get running() {
      return isRunning();
    },
    down: (opts = {}) => halt(opts.crash ?? false),
    up: async () => {
      if (!isRunning()) await launch(port);
    },
    restart: async (opts = {}) => {
      await halt(opts.crash ?? false);
      await launch(port);
    },
    stop: async () => {
      await halt(false);
      process.removeListener("exit", killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
