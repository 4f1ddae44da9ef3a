import type { Pseudonym } from "@observatory/arena-core";

/**
 * Authors repeat across a collection: keep recent pseudonyms (an HMAC each), bounded so memory stays
 * flat (cleared at `maxEntries`).
 */
export function memoizePseudonymizer(
  pseudonymize: (platform: string, author: string) => Pseudonym,
  maxEntries = 10_000,
): (platform: string, author: string) => Pseudonym {
  const cache = new Map<string, Pseudonym>();
  return (platform: string, author: string): Pseudonym => {
    const key = `${platform}:${author}`;
    let found = cache.get(key);
    if (!found) {
      if (cache.size >= maxEntries) cache.clear();
      found = pseudonymize(platform, author);
      cache.set(key, found);
    }
    return found;
  };
}
