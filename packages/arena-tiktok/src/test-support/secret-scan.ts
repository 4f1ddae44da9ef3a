// Collects every log, checkpoint and error that tests produce; the setup file scans them after each
// test for the client secret and access tokens, so the whole test run is a secret scan.
import type { CheckpointStore, MemoryLogger } from "@observatory/arena-core";

const TOKEN = /clt\.[A-Za-z0-9._-]{8,}/;

class SecretScan {
  readonly #loggers: MemoryLogger[] = [];
  readonly #stores: CheckpointStore[] = [];
  readonly #errors: unknown[] = [];
  readonly #secrets = new Set<string>();

  secret(value: string): void {
    this.#secrets.add(value);
  }
  watch(logger: MemoryLogger, store: CheckpointStore): void {
    this.#loggers.push(logger);
    this.#stores.push(store);
  }
  watchError(error: unknown): void {
    this.#errors.push(error);
  }

  /** Every text a user could see; returns the offending snippets. */
  async findLeaks(): Promise<string[]> {
    const texts: string[] = [];
    for (const logger of this.#loggers) texts.push(logger.text());
    for (const store of this.#stores) {
      const runs = (store as unknown as { runs?: Map<string, unknown> }).runs;
      for (const runId of runs?.keys() ?? []) texts.push(JSON.stringify(await store.list(runId)));
    }
    for (const error of this.#errors) {
      const e = error as Error & { toJSON?: () => unknown };
      texts.push(String(e?.message), String(e?.stack), JSON.stringify(e?.toJSON?.() ?? {}));
    }
    const leaks: string[] = [];
    for (const text of texts) {
      for (const secret of this.#secrets)
        if (text.includes(secret)) leaks.push(`secret in: ${text.slice(0, 200)}`);
      const token = TOKEN.exec(text);
      if (token) leaks.push(`token ${token[0].slice(0, 8)}… in: ${text.slice(0, 200)}`);
    }
    return leaks;
  }

  /** Counts what was scanned (so a test can prove the scan saw something). */
  get watched(): number {
    return this.#loggers.length + this.#errors.length;
  }

  reset(): void {
    this.#loggers.length = 0;
    this.#stores.length = 0;
    this.#errors.length = 0;
  }
}

export const secretScan = new SecretScan();
