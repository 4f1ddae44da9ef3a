import { describe, expect, it, vi } from "vitest";
import { useBackends } from "../../test-support/backends.js";

const v8 = vi.hoisted(() => ({ flags: [] as string[] }));
vi.mock("node:v8", async (original) => ({
  ...(await original<typeof import("node:v8")>()),
  setFlagsFromString: (flag: string) => v8.flags.push(flag),
}));

const { backends } = useBackends();
const pglite = backends.find((b) => b.name === "pglite")!;

describe("opening an embedded store", () => {
  it("turns V8's Liftoff off before PGlite compiles (the default a user gets); wasmCompiler 'v8-default' does not", async () => {
    const { openStore } = await import("../open-store.js");
    const location = await pglite.newLocation();
    v8.flags.length = 0;
    const store = await openStore(location);
    await store.close();
    expect(v8.flags).toEqual(["--no-liftoff"]);
    v8.flags.length = 0;
    const plain = await openStore(location, { wasmCompiler: "v8-default" });
    await plain.close();
    expect(v8.flags).toEqual([]);
  });
});
