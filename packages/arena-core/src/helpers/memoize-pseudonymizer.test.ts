import { describe, expect, it } from "vitest";
import { memoizePseudonymizer } from "./memoize-pseudonymizer.js";
import type { Pseudonym } from "./pseudonymize.js";

describe("memoizePseudonymizer", () => {
  it("answers each platform and author once, keeps platforms apart, and clears at maxEntries", () => {
    const calls: string[] = [];
    const pseudonymize = (platform: string, author: string): Pseudonym => {
      calls.push(`${platform}:${author}`);
      return { id: `${platform}/${author}`, publicFigure: false };
    };
    const memo = memoizePseudonymizer(pseudonymize, 3);
    expect(memo("tiktok", "a").id).toBe("tiktok/a");
    expect(memo("tiktok", "a").id).toBe("tiktok/a");
    expect(memo("youtube", "a").id).toBe("youtube/a");
    expect(memo("tiktok", "b:c").id).toBe("tiktok/b:c");
    expect(memo("tiktok:b", "c").id).toBe("tiktok:b/c"); // the fourth entry: the memo is cleared first
    expect(memo("tiktok", "a").id).toBe("tiktok/a");
    expect(calls).toEqual(["tiktok:a", "youtube:a", "tiktok:b:c", "tiktok:b:c", "tiktok:a"]);
  });
});
