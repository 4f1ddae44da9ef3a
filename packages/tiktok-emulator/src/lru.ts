/** A small least-recently-used map. */
export class Lru<K, V> {
  readonly #map = new Map<K, V>();
  /** The most recently used key: a hit on it needs no reordering. */
  #last: K | undefined;
  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined && key !== this.#last) {
      this.#map.delete(key);
      this.#map.set(key, value);
      this.#last = key;
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    this.#last = key;
    if (this.#map.size > this.capacity) {
      const oldest = this.#map.keys().next();
      if (!oldest.done) this.#map.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.#map.delete(key);
    if (key === this.#last) this.#last = undefined;
  }

  get size(): number {
    return this.#map.size;
  }

  /** The cached value, or `make()`'s result stored under `key`. */
  getOrCreate(key: K, make: () => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = make();
    this.set(key, value);
    return value;
  }
}
