import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../usage-error.js";
import { recordSource } from "./record-source.js";

const drain = async (path: string) => {
  for await (const _ of recordSource(path, { flag: "--in" })) {
    // reading is the test
  }
};

describe("recordSource", () => {
  const dir = mkdtempSync(join(tmpdir(), "record-source-"));

  it.each(["missing.csv", "missing.jsonl"])(
    "a missing %s is a usage error naming the flag, not an empty file",
    async (name) => {
      const error = await drain(join(dir, name)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect(String((error as Error).message)).toMatch(/--in .*cannot read it \(ENOENT\)/);
    },
  );
});
