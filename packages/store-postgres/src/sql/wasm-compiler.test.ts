import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { useWasmCompiler, WASM_COMPILER_FLAGS } from "./wasm-compiler.js";

describe("useWasmCompiler", () => {
  it("the default for PGlite turns V8's Liftoff off (TurboFan only: less memory while storing)", () => {
    const set: string[] = [];
    expect(useWasmCompiler("optimizing", (flag) => set.push(flag))).toEqual(["--no-liftoff"]);
    expect(set).toEqual(["--no-liftoff"]);
  });

  it('"v8-default" leaves V8 alone', () => {
    const set: string[] = [];
    expect(useWasmCompiler("v8-default", (flag) => set.push(flag))).toEqual([]);
    expect(set).toEqual([]);
  });

  it("every flag is one this Node's V8 accepts", () => {
    // A V8 flag given on the command line that V8 does not know makes node exit with an error.
    for (const flag of WASM_COMPILER_FLAGS.optimizing) {
      expect(() => execFileSync(process.execPath, [flag, "-e", "0"], { stdio: "pipe" })).not.toThrow();
    }
    expect(() =>
      execFileSync(process.execPath, ["--no-such-v8-flag-x", "-e", "0"], { stdio: "pipe" }),
    ).toThrow();
  });
});
