import { type ChildProcess, execFile, spawn } from "node:child_process";
import { accessSync, constants, readdirSync } from "node:fs";
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

/**
 * The directory of PostgreSQL's server binaries (`initdb`, `postgres`): `POSTGRES_BIN_DIR` when set,
 * else the newest `/usr/lib/postgresql/N/bin` (Debian's layout), else a directory on PATH with both.
 */
export function findPostgresBinDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const usable = (dir: string) => {
    try {
      accessSync(join(dir, "initdb"), constants.X_OK);
      accessSync(join(dir, "postgres"), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (env.POSTGRES_BIN_DIR) return usable(env.POSTGRES_BIN_DIR) ? env.POSTGRES_BIN_DIR : undefined;
  try {
    const versions = readdirSync("/usr/lib/postgresql")
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const dir = `/usr/lib/postgresql/${v}/bin`;
      if (usable(dir)) return dir;
    }
  } catch {
    // no Debian layout
  }
  for (const dir of (env.PATH ?? "").split(":")) if (dir && usable(dir)) return dir;
  return undefined;
}

export const POSTGRES_SERVER_MISSING =
  "PostgreSQL's server binaries (initdb, postgres) were not found: install them (Debian: apt-get install -y postgresql) " +
  "or point POSTGRES_BIN_DIR at their directory.";

/** Why server tests must be skipped here, or undefined when they can run; with CI=true a missing server throws. */
export function postgresSkipReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (findPostgresBinDir(env)) return undefined;
  if (env.CI === "true")
    throw new Error(`${POSTGRES_SERVER_MISSING} CI=true, so the PostgreSQL tests cannot be skipped.`);
  return POSTGRES_SERVER_MISSING;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no port assigned"))));
    });
  });
}

export interface PostgresServer {
  readonly port: number;
  /** postgres://postgres@127.0.0.1:PORT/DATABASE (trust auth: no password). */
  url(database?: string): string;
  /** Creates a database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown: open connections are cut), keeping its data. */
  halt(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run("id", ["-u", "postgres"]);
  const { stdout: g } = await run("id", ["-g", "postgres"]);
  return { uid: Number(stdout.trim()), gid: Number(g.trim()) };
}

/** Runs a server binary as the `postgres` user when this process is root (initdb and postgres refuse root). */
function asPostgres(bin: string, args: string[]): [string, string[]] {
  return isRoot() ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}): ${log()}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections in 30 s: ${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Starts a private PostgreSQL server for tests: `initdb` into a temp directory (as the `postgres`
 * user when run as root), trust authentication, a free loopback port, the socket in the same
 * directory, fsync off. `stop()` ends it and removes the directory.
 */
export async function startPostgresServer(
  options: {
    binDir?: string;
    /** Roles that must log in with a password (scram-sha-256); every other role is trusted. */
    passwordRoles?: readonly string[];
  } = {},
): Promise<PostgresServer> {
  const binDir = options.binDir ?? findPostgresBinDir();
  if (!binDir) throw new Error(POSTGRES_SERVER_MISSING);
  const root = await mkdtemp(join(tmpdir(), "observatory-pg-"));
  const data = join(root, "data");
  if (isRoot()) {
    const { uid, gid } = await postgresIds();
    await chown(root, uid, gid);
  }
  await chmod(root, 0o700);
  const [initdb, initArgs] = asPostgres(join(binDir, "initdb"), [
    "-D",
    data,
    "-A",
    "trust",
    "-U",
    "postgres",
    "--no-sync",
    "-E",
    "UTF8",
    "--locale=C",
  ]);
  await run(initdb, initArgs);
  if (options.passwordRoles?.length) {
    const hba = join(data, "pg_hba.conf");
    const rules = options.passwordRoles
      .map((role) => `host all ${role} 127.0.0.1/32 scram-sha-256`)
      .join("\n");
    await writeFile(hba, `${rules}\n${await readFile(hba, "utf8")}`);
  }
  const port = await freeLoopbackPort();
  const url = (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let child: ChildProcess | undefined;
  let output = "";
  const start = async () => {
    const [bin, args] = asPostgres(join(binDir, "postgres"), [
      "-D",
      data,
      "-p",
      String(port),
      "-k",
      root,
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
      "-c",
      "max_connections=200",
    ]);
    output = "";
    child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (d: Buffer) => {
      output = (output + d.toString()).slice(-4_000);
    });
    child.stderr?.on("data", (d: Buffer) => {
      output = (output + d.toString()).slice(-4_000);
    });
    await waitReady(url(), child, () => output);
  };
  const halt = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((r) => c.once("exit", () => r()));
    // Signal the postmaster itself (runuser does not forward signals); SIGINT is the "fast" shutdown.
    const pid = await readFile(join(data, "postmaster.pid"), "utf8").then(
      (text) => Number(text.split("\n")[0]),
      () => undefined,
    );
    try {
      if (pid) process.kill(pid, "SIGINT");
      else c.kill("SIGINT");
    } catch {
      // already gone
    }
    await exited;
  };
  await start();
  return {
    port,
    url,
    async createDatabase(name: string) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    halt,
    start,
    async stop() {
      await halt();
      await rm(root, { recursive: true, force: true });
    },
  };
}
