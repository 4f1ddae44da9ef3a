import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@observatory/arena-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreConnectionError, StoreLockedError } from "./errors/store-errors.js";
import { parseStoreLocation, redactUrl } from "./location/store-location.js";
import { openStore } from "./open-store.js";
import {
  freeLoopbackPort,
  type PostgresServer,
  postgresSkipReason,
  startPostgresServer,
} from "./testing/index.js";

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as Error,
  );

describe("store locations", () => {
  it("a directory means PGlite, a postgres:// URL a server; passwords are masked", () => {
    expect(parseStoreLocation("study.db", { cwd: "/data" })).toEqual({
      kind: "pglite",
      dir: "/data/study.db",
      display: "/data/study.db",
    });
    expect(parseStoreLocation("postgres://u:s3cret@db:5432/obs")).toEqual({
      kind: "postgres",
      url: "postgres://u:s3cret@db:5432/obs",
      display: "postgres://u:***@db:5432/obs",
    });
    expect(redactUrl("postgresql://u:p%40ss@h/d?password=x&sslmode=require")).toBe(
      "postgresql://u:***@h/d?password=***&sslmode=require",
    );
  });

  it.each([
    ["postgres://u:s3cret@/obs", /not a valid URL/],
    ["postgres://u:s3cret@db:5432", /names no database/],
    ["postgres://u:s3cret@db:99999999/obs", /not a valid URL/],
    ["mysql://u:s3cret@db/obs", /neither a directory nor a postgres:\/\/ URL/],
    ["  ", /is empty/],
  ])("%s is a ConfigError naming the source, without the password", (value, reason) => {
    let error: unknown;
    try {
      parseStoreLocation(value, { source: "DATABASE_URL" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).toMatch(/^DATABASE_URL/);
    expect((error as Error).message).not.toContain("s3cret");
  });
});

describe("embedded database (PGlite)", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "observatory-open-"));
  });
  afterAll(async () => {
    await chmod(join(root, "locked"), 0o700).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  });

  it("a second process on the same directory gets a clear error; the lock of a killed one is taken over", async () => {
    const dir = join(root, "shared.db");
    const child = spawn(
      process.execPath,
      [
        "--conditions=source",
        "--import",
        "tsx",
        "-e",
        `const { openStore } = await import(${JSON.stringify(new URL("./open-store.ts", import.meta.url).pathname)});
         await openStore(${JSON.stringify(dir)}); process.stdout.write("open\\n"); setInterval(() => {}, 1000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on("data", (d: Buffer) => d.toString().includes("open") && resolve());
        child.once("exit", (code) => reject(new Error(`child exited ${code}`)));
      });
      const error = await failure(openStore(dir));
      expect(error).toBeInstanceOf(StoreLockedError);
      expect(error.message).toMatch(/is open in another process \(pid \d+\).*one process at a time/);
    } finally {
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    }
    const store = await openStore(dir);
    await store.close();
  });

  it("a path that cannot hold a database is a ConfigError naming --db", async () => {
    await writeFile(join(root, "a-file"), "x");
    const error = await failure(openStore(join(root, "a-file", "study.db")));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^--db .*a-file.*cannot create the database directory \(ENOTDIR/);
  });

  it.skipIf(process.getuid?.() === 0)("a directory without write permission is a ConfigError", async () => {
    await mkdir(join(root, "locked"));
    await chmod(join(root, "locked"), 0o500);
    const error = await failure(openStore(join(root, "locked", "study.db")));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/EACCES/);
  });
});

const skip = postgresSkipReason();
describe.skipIf(skip)(`server locations${skip ? ` (skipped: ${skip})` : ""}`, () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgresServer({ passwordRoles: ["guarded"] });
    const admin = await openStore(server.url());
    await admin.sql.query("CREATE ROLE guarded LOGIN PASSWORD 'right-pass'");
    await admin.close();
  }, 60_000);
  afterAll(async () => server?.stop());

  it("a wrong password: StoreConnectionError naming the source, the password never shown", async () => {
    const url = `postgres://guarded:wrong-s3cret@127.0.0.1:${server.port}/postgres`;
    const error = await failure(openStore(url, { source: "DATABASE_URL" }));
    expect(error).toBeInstanceOf(StoreConnectionError);
    expect(error.message).toMatch(/^DATABASE_URL postgres:\/\/guarded:\*\*\*@.*refused the user or password/);
    expect(error.message).not.toContain("wrong-s3cret");
    expect(JSON.stringify(error)).not.toContain("wrong-s3cret");
  });

  it("a database that does not exist", async () => {
    const error = await failure(openStore(server.url("no_such_db")));
    expect(error).toBeInstanceOf(StoreConnectionError);
    expect(error.message).toMatch(/no_such_db: cannot open the database: the database does not exist/);
  });

  it("a role that may not create the tables: a ConfigError naming --db", async () => {
    const url = await server.createDatabase("not_guarded_db");
    const error = await failure(openStore(url.replace("postgres@", "guarded:right-pass@")));
    expect(error).toBeInstanceOf(StoreConnectionError);
    expect(error.message).toMatch(/^--db postgres:\/\/guarded:\*\*\*@.*permission denied for schema public/);
  });

  it("nothing listening", async () => {
    const port = await freeLoopbackPort();
    const error = await failure(openStore(`postgres://u:pw-s3cret@127.0.0.1:${port}/obs`));
    expect(error).toBeInstanceOf(StoreConnectionError);
    expect(error.message).toMatch(/nothing listens at that host and port/);
    expect(error.message).not.toContain("pw-s3cret");
  });

  it("the right password opens it", async () => {
    const admin = await openStore(server.url());
    await admin.sql.query("CREATE DATABASE guarded_db OWNER guarded");
    await admin.close();
    const store = await openStore(server.url("guarded_db").replace("postgres@", "guarded:right-pass@"));
    expect(store.location).toContain("guarded:***@");
    await store.close();
  });
});
