interface Slot<V> {
  readonly value: V;
  /** When the entry last moved to the young end. */
  stamp: number;
}

/**
 * A bounded map that evicts the least recently used entries first (approximately: an entry is
 * moved to the young end only once it has aged past half the capacity, so hot hits cost one
 * lookup instead of a delete and a re-insert).
 */
export class Lru<K, V> {
  readonly #map = new Map<K, Slot<V>>();
  #clock = 0;
  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    const slot = this.#map.get(key);
    if (slot === undefined) return undefined;
    if (this.#clock - slot.stamp > this.capacity / 2) {
      this.#map.delete(key);
      this.#map.set(key, slot);
      slot.stamp = ++this.#clock;
    }
    return slot.value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, { value, stamp: ++this.#clock });
    if (this.#map.size > this.capacity) {
      const oldest = this.#map.keys().next();
      if (!oldest.done) this.#map.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.#map.delete(key);
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
