import { MemoryTokenCache, type QuotaLimits } from "@observatory/arena-core";
import type { RecordStore } from "@observatory/store-postgres";
import type { StatePorts } from "./state-ports.js";

/** The research pool's row of the ledger: the pool a collection charges. */
const RESEARCH_POOL = "research";

/**
 * A Postgres-only deployment (`--db postgres://…` or DATABASE_URL, no REDIS_URL): the quota ledger and
 * the token cache live in the store's database, shared by every process on it. A reservation is one
 * conditional upsert (never over the daily limit with any number of workers); a token refresh runs
 * under an advisory lock (one token request across processes). The checkpoints are the store's own
 * (a page and its checkpoint commit together), so the ones here serve only what a run does not store.
 * The built-in emulator's runs keep their token in memory, as with Redis.
 */
export function postgresStatePorts(
  store: RecordStore,
  options: { demo: boolean; limits: Record<string, QuotaLimits> | undefined },
): StatePorts {
  const quota = store.quotaLedger(options.limits ? { pools: options.limits } : {});
  return {
    checkpoints: store.checkpoints,
    quota,
    tokenCache: options.demo ? new MemoryTokenCache() : store.tokenCache(),
    where: `the database (${store.location})`,
    resetQuota: (credentialId) => quota.reset(credentialId, RESEARCH_POOL),
    // The store belongs to the run that opened it, which closes it.
    close: async () => undefined,
  };
}
