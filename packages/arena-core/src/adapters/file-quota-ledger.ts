import { type AtomicFs, defaultAtomicFs, readJsonFile, SerialQueue, writeFileAtomic } from "./atomic-file.js";
import { MemoryQuotaLedger, type QuotaCounter, type QuotaLedgerOptions } from "./memory-quota-ledger.js";

/**
 * The quota ledger in a JSON file (atomic writes), so a researcher's separate runs on one day share
 * one count. One process at a time: for many workers use the Redis ledger.
 */
export class FileQuotaLedger extends MemoryQuotaLedger {
  readonly #path: string;
  readonly #fs: AtomicFs;
  readonly #queue = new SerialQueue();
  #loaded = false;

  constructor(path: string, options: QuotaLedgerOptions & { fs?: AtomicFs } = {}) {
    super(options);
    this.#path = path;
    this.#fs = options.fs ?? defaultAtomicFs;
  }

  protected override async load(): Promise<void> {
    if (this.#loaded) return;
    const saved = await readJsonFile<Record<string, QuotaCounter>>(this.#path, this.#fs);
    if (!this.#loaded) {
      for (const [key, counter] of Object.entries(saved ?? {})) this.counters.set(key, counter);
      this.#loaded = true;
    }
  }

  protected override persist(): Promise<void> {
    const snapshot = JSON.stringify(Object.fromEntries(this.counters));
    return this.#queue.run(() => writeFileAtomic(this.#path, snapshot, { fs: this.#fs }));
  }
}
