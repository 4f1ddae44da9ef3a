import { describe, expect, it } from "vitest";
import { Lru } from "./lru.js";

describe("Lru", () => {
  it("keeps at most `capacity` entries and evicts the oldest first", () => {
    const lru = new Lru<string, number>(3);
    lru.set("a", 1);
    lru.set("b", 2);
    lru.set("c", 3);
    lru.set("d", 4);
    expect(lru.size).toBe(3);
    expect(lru.get("a")).toBeUndefined();
    expect(lru.get("d")).toBe(4);
  });

  it("keeps an entry that is used again once it has aged", () => {
    const lru = new Lru<number, number>(4);
    for (let i = 0; i < 4; i++) lru.set(i, i);
    expect(lru.get(0)).toBe(0); // aged past half the capacity: moved to the young end
    lru.set(4, 4);
    lru.set(5, 5);
    expect(lru.get(0)).toBe(0);
    expect(lru.get(1)).toBeUndefined();
    expect(lru.get(2)).toBeUndefined();
  });

  it("creates a value once with getOrCreate and does not cache a throw", () => {
    const lru = new Lru<string, number>(2);
    let calls = 0;
    expect(lru.getOrCreate("k", () => ++calls)).toBe(1);
    expect(lru.getOrCreate("k", () => ++calls)).toBe(1);
    expect(() =>
      lru.getOrCreate("bad", () => {
        throw new Error("no");
      }),
    ).toThrow();
    expect(lru.get("bad")).toBeUndefined();
  });
});
