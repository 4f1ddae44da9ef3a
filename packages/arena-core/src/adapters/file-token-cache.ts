import { isArenaError } from "../errors/arena-error.js";
import type { CachedToken } from "../ports/token-cache.js";
import { type AtomicFs, defaultAtomicFs, readJsonFile, SerialQueue, writeFileAtomic } from "./atomic-file.js";
import { MemoryTokenCache } from "./memory-token-cache.js";

/**
 * Tokens in a JSON file readable only by the owner (mode 0600), so consecutive runs reuse a token
 * instead of spending a token request each. The file holds live tokens: keep the state directory private.
 */
export class FileTokenCache extends MemoryTokenCache {
  readonly #path: string;
  readonly #fs: AtomicFs;
  readonly #queue = new SerialQueue();

  constructor(path: string, options: { fs?: AtomicFs } = {}) {
    super();
    this.#path = path;
    this.#fs = options.fs ?? defaultAtomicFs;
  }

  async #all(): Promise<Record<string, CachedToken>> {
    try {
      return (await readJsonFile<Record<string, CachedToken>>(this.#path, this.#fs)) ?? {};
    } catch (error) {
      // A cache, not a record: a corrupt token file costs one token request and is overwritten.
      if (isArenaError(error) && error.failureType === "config") return {};
      throw error;
    }
  }

  override async get(key: string): Promise<CachedToken | undefined> {
    return (await this.#all())[key];
  }

  override set(key: string, token: CachedToken): Promise<void> {
    return this.#queue.run(async () => {
      const all = await this.#all();
      all[key] = token;
      await writeFileAtomic(this.#path, JSON.stringify(all), { mode: 0o600, fs: this.#fs });
    });
  }

  override delete(key: string): Promise<void> {
    return this.#queue.run(async () => {
      const all = await this.#all();
      delete all[key];
      await writeFileAtomic(this.#path, JSON.stringify(all), { mode: 0o600, fs: this.#fs });
    });
  }
}
