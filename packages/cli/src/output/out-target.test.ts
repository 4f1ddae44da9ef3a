import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../usage-error.js";
import { resolveOutPath } from "./open-output.js";
import { checkOutTarget, outOpenError } from "./out-target.js";

const dir = mkdtempSync(join(tmpdir(), "out-target-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("--out targets", () => {
  it("/dev/stdout and its aliases are stdout", () => {
    for (const out of ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]) {
      expect(resolveOutPath(dir, out)).toBeUndefined();
    }
    expect(resolveOutPath(dir, "k.jsonl")).toBe(join(dir, "k.jsonl"));
  });

  it("a regular file, or none yet, is fine", async () => {
    writeFileSync(join(dir, "there.jsonl"), "");
    await expect(checkOutTarget(join(dir, "there.jsonl"))).resolves.toBeUndefined();
    await expect(checkOutTarget(join(dir, "new.jsonl"))).resolves.toBeUndefined();
  });

  it.each([
    ["/dev/null", /--out \/dev\/null is a character device, not a regular file/],
    ["/dev/full", /--out \/dev\/full is a character device/],
    [dir, /is a folder, not a regular file/],
  ])("%s is a UsageError naming it and the fix", async (path, message) => {
    const error = await checkOutTarget(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/leave out --out/);
  });

  it("a file-system refusal while opening is a UsageError naming the path and the reason; others pass through", () => {
    const denied = Object.assign(new Error("EACCES: permission denied, mkdir '/ro/x'"), {
      code: "EACCES",
      path: "/ro/x",
    });
    const mapped = outOpenError(denied, "/ro/x/o.jsonl");
    expect(mapped).toBeInstanceOf(UsageError);
    expect((mapped as Error).message).toBe(
      "--out /ro/x/o.jsonl: cannot write /ro/x (permission denied, EACCES): choose a folder this user can write, e.g. --out ./o.jsonl.",
    );
    const other = new Error("boom");
    expect(outOpenError(other, "/x")).toBe(other);
  });
});
