import { describe, expect, it } from "vitest";
import { ManualClock } from "../ports/clock.js";
import { MemoryCheckpointStore } from "./memory-checkpoint-store.js";

describe("MemoryCheckpointStore leases", () => {
  it("grants a partition to one owner at a time, renews it, and lets it lapse", async () => {
    const clock = new ManualClock("2026-11-24T00:00:00Z");
    const store = new MemoryCheckpointStore({ clock });
    expect(await store.claim("run", "p1", "a", 1000)).toBe(true);
    expect(await store.claim("run", "p1", "b", 1000)).toBe(false);
    expect(await store.claim("run", "p2", "b", 1000)).toBe(true);
    clock.advance(900);
    expect(await store.claim("run", "p1", "a", 1000)).toBe(true); // renewed until 1,900
    clock.advance(900);
    expect(await store.claim("run", "p1", "b", 1000)).toBe(false);
    clock.advance(200); // a crashed owner's lease lapses
    expect(await store.claim("run", "p1", "b", 1000)).toBe(true);
    await store.release("run", "p1", "a"); // not a's any more: no effect
    expect(await store.claim("run", "p1", "a", 1000)).toBe(false);
    await store.release("run", "p1", "b");
    expect(await store.claim("run", "p1", "a", 1000)).toBe(true);
  });
});
