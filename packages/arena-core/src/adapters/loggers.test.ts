import { describe, expect, it } from "vitest";
import { REDACTED, SecretRegistry } from "../errors/redact.js";
import { createJsonLogger, MemoryLogger, redactingLogger, silentLogger } from "./loggers.js";

const secrets = () => {
  const registry = new SecretRegistry();
  registry.add("client-secret-value-1");
  return registry;
};

describe("createJsonLogger", () => {
  it("writes one JSON object per line with time, level, message, bindings and fields", () => {
    const lines: string[] = [];
    const log = createJsonLogger({
      write: (l) => lines.push(l),
      bindings: { arena: "tiktok" },
      now: () => Date.parse("2026-09-01T12:00:00Z"),
    });
    log.info("page fetched", { records: 100, at: new Date("2026-09-01T11:00:00Z") });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        time: "2026-09-01T12:00:00.000Z",
        level: "info",
        msg: "page fetched",
        arena: "tiktok",
        records: 100,
        at: "2026-09-01T11:00:00.000Z",
      },
    ]);
  });

  it("drops entries below its level", () => {
    const lines: string[] = [];
    const log = createJsonLogger({ level: "warn", write: (l) => lines.push(l) });
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(lines.map((l) => JSON.parse(l).level)).toEqual(["warn", "error"]);
  });

  it("redacts registered secrets, secret shapes and secret-named fields", () => {
    const lines: string[] = [];
    const log = createJsonLogger({ write: (l) => lines.push(l), secrets: secrets() });
    log.error("token request with client-secret-value-1 failed: Bearer abc.def", {
      clientSecret: "client-secret-value-1",
      body: "client_key=k&client_secret=client-secret-value-1",
      error: new Error("401 for clt.2.tokentoken"),
    });
    const text = lines.join("\n");
    expect(text).not.toContain("client-secret-value-1");
    expect(text).not.toContain("abc.def");
    expect(text).not.toContain("tokentoken");
    expect(text).toContain(REDACTED);
  });
});

describe("redactingLogger", () => {
  it("redacts messages and fields before they reach the wrapped logger", () => {
    const inner = new MemoryLogger();
    const log = redactingLogger(inner, secrets());
    log.warn("retrying with client-secret-value-1", { authorization: "Bearer zzz", page: 2 });
    log.debug("d");
    log.info("i");
    log.error("e");
    expect(inner.entries[0]).toEqual({
      level: "warn",
      message: `retrying with ${REDACTED}`,
      fields: { authorization: REDACTED, page: 2 },
    });
    expect(inner.entries.map((e) => e.level)).toEqual(["warn", "debug", "info", "error"]);
    expect(inner.text()).not.toContain("client-secret-value-1");
  });
});

describe("MemoryLogger and silentLogger", () => {
  it("MemoryLogger keeps entries and renders them as text for secret scans", () => {
    const log = new MemoryLogger();
    log.info("hello", { a: 1 });
    log.error("bye");
    expect(log.text()).toBe('info hello {"a":1}\nerror bye {}');
  });

  it("silentLogger accepts everything and writes nothing", () => {
    expect(() => {
      silentLogger.debug("x");
      silentLogger.info("x");
      silentLogger.warn("x");
      silentLogger.error("x", { y: 1 });
    }).not.toThrow();
  });
});
