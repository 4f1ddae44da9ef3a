import { describe, expect, it } from "vitest";
import { applyHeapPolicy, HEAP_FLAGS, HEAP_POLICY_ENV } from "./heap-policy.js";

describe("applyHeapPolicy", () => {
  it("makes V8 collect garbage early by default", () => {
    const set: string[] = [];
    expect(applyHeapPolicy({}, (flag) => set.push(flag))).toEqual(HEAP_FLAGS);
    expect(set).toEqual(["--heap-growing-percent=20"]);
  });

  it(`leaves V8's policy alone with ${HEAP_POLICY_ENV}=default`, () => {
    const set: string[] = [];
    expect(applyHeapPolicy({ [HEAP_POLICY_ENV]: "default" }, (flag) => set.push(flag))).toEqual([]);
    expect(set).toEqual([]);
  });

  it("every flag is one this Node's V8 accepts", async () => {
    const { execFileSync } = await import("node:child_process");
    // A V8 flag given on the command line that V8 does not know makes node exit with an error.
    for (const flag of HEAP_FLAGS) {
      expect(() => execFileSync(process.execPath, [flag, "-e", "0"], { stdio: "pipe" })).not.toThrow();
    }
  });
});
