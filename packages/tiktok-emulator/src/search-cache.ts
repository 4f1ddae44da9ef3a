import type { Clock } from "./clock.js";
import type { Identifiers } from "./identifiers.js";
import { Lru } from "./lru.js";

/** A cached, ordered result set: corpus indices, newest video first, deleted ones included. */
export interface SearchEntry {
  readonly indices: readonly number[];
  /** Epoch ms. */
  readonly createdAt: number;
}

/** search_id → result set, bounded (least recently used go first) and expiring after `ttlSeconds`. */
export class SearchCache {
  readonly #entries: Lru<string, SearchEntry>;
  readonly #clock: Clock;
  readonly #ids: Identifiers;
  readonly #ttlMs: number;

  constructor(clock: Clock, ids: Identifiers, capacity: number, ttlSeconds: number) {
    this.#entries = new Lru(capacity);
    this.#clock = clock;
    this.#ids = ids;
    this.#ttlMs = ttlSeconds * 1000;
  }

  /** Caches a result set under a fresh search id. */
  create(indices: readonly number[]): string {
    return this.alias({ indices, createdAt: this.#clock.now() });
  }

  /** A new search id for an existing result set; the old id keeps working. */
  alias(entry: SearchEntry): string {
    let id = this.#ids.searchId();
    while (this.#entries.get(id)) id = this.#ids.searchId();
    this.#entries.set(id, entry);
    return id;
  }

  /** The result set of a live search id, or undefined when unknown or expired. */
  get(searchId: string): SearchEntry | undefined {
    const entry = this.#entries.get(searchId);
    if (!entry) return undefined;
    if (this.#clock.now() - entry.createdAt > this.#ttlMs) {
      this.#entries.delete(searchId);
      return undefined;
    }
    return entry;
  }
}
