import type { Pseudonym } from "./pseudonymize.js";

/**
 * Authors repeat across a collection: keep recent pseudonyms (an HMAC each), bounded so memory stays
 * flat (cleared at `maxEntries`). One map per platform, keyed by the author itself: no key string is
 * built (and hashed) per look-up.
 */
export function memoizePseudonymizer(
  pseudonymize: (platform: string, author: string) => Pseudonym,
  maxEntries = 10_000,
): (platform: string, author: string) => Pseudonym {
  const byPlatform = new Map<string, Map<string, Pseudonym>>();
  let size = 0;
  return (platform: string, author: string): Pseudonym => {
    let cache = byPlatform.get(platform);
    if (!cache) {
      cache = new Map();
      byPlatform.set(platform, cache);
    }
    let found = cache.get(author);
    if (!found) {
      if (size >= maxEntries) {
        for (const authors of byPlatform.values()) authors.clear();
        size = 0;
      }
      found = pseudonymize(platform, author);
      cache.set(author, found);
      size++;
    }
    return found;
  };
}
