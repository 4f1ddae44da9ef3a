import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import {
  type CheckpointStore,
  FileCheckpointStore,
  FileQuotaLedger,
  type Logger,
  MemoryTokenCache,
  type QuotaLedger,
  type QuotaLimits,
  type RateLimiter,
  type TokenCache,
} from "@observatory/arena-core";
import type { RecordStore } from "@observatory/store-postgres";
import type { CliConfig } from "../config/resolve-config.js";
import { UsageError } from "../usage-error.js";
import { postgresStatePorts } from "./postgres-state-ports.js";

/** Creates the state directory's folders up front, so a path that cannot hold them is a usage error. */
async function usableStateDir(folders: string[], stateDir: string): Promise<void> {
  for (const folder of folders) {
    try {
      await mkdir(folder, { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      throw new UsageError(
        `--state-dir (or OBSERVATORY_STATE_DIR): ${stateDir} cannot hold the run's state (${code}: ${
          code === "ENOTDIR" || code === "EEXIST" ? "it or a parent is a file" : (error as Error).message
        }); point it at a directory you can write`,
        "--state-dir",
      );
    }
  }
}

/** The ports a collector shares with later runs: checkpoints, quota ledger, token cache. */
export interface StatePorts {
  checkpoints: CheckpointStore;
  quota: QuotaLedger;
  tokenCache: TokenCache;
  limiter?: RateLimiter;
  /** "Redis" or the state directory, for messages. */
  where: string;
  /** Forgets today's quota count and pause of one credential. */
  resetQuota(credentialId: string): Promise<void>;
  close(): Promise<void>;
}

const pools = (config: CliConfig): Record<string, QuotaLimits> | undefined =>
  config.dailyRequests
    ? { research: { requests: config.dailyRequests, records: config.dailyRequests * 100 } }
    : undefined;

/**
 * With REDIS_URL all state lives in Redis (arena-redis), shared by every process; with a `--db` server
 * and no REDIS_URL the quota and token in that database (`postgresStatePorts`); otherwise in files
 * under the state directory (checkpoints and the quota ledger; never tokens). The built-in emulator's
 * runs are kept apart from real ones (a `demo/` subdirectory or key prefix).
 */
export async function openStatePorts(
  config: CliConfig,
  options: {
    credentialId: string;
    logger: Logger;
    /** A `--db` store on a PostgreSQL server: without REDIS_URL its ledger and token cache are shared. */
    serverStore?: RecordStore;
  },
): Promise<StatePorts> {
  const demo = config.mode === "demo";
  const limits = pools(config);
  if (!config.redisUrl && options.serverStore) {
    return postgresStatePorts(options.serverStore, { demo, limits });
  }
  if (config.redisUrl) {
    const { createRedisPorts } = await import("@observatory/arena-redis");
    const ports = createRedisPorts(config.redisUrl, {
      prefix: demo ? "observatory:demo:" : "observatory:",
      logger: options.logger,
      ...(limits ? { pools: limits } : {}),
    });
    return {
      checkpoints: ports.checkpoints,
      quota: ports.quota,
      tokenCache: demo ? new MemoryTokenCache() : ports.tokenCache,
      limiter: ports.limiter,
      where: "Redis (REDIS_URL)",
      async resetQuota(credentialId) {
        // The day's count, and the pause a ledger sets when Redis lost the day's counters (a flush).
        await ports.redis.del(ports.quota.keys.quota(credentialId, "research"), ports.quota.keys.quotaLost);
      },
      close: () => ports.close(),
    };
  }
  const dir = demo ? join(config.stateDir, "demo") : config.stateDir;
  const quotaPath = join(dir, "quota", `${options.credentialId}.json`);
  await usableStateDir([join(dir, "checkpoints"), join(dir, "quota")], config.stateDir);
  return {
    checkpoints: new FileCheckpointStore(join(dir, "checkpoints")),
    quota: new FileQuotaLedger(quotaPath, limits ? { pools: limits } : {}),
    // Tokens are not written to disk: a state directory that is shared or backed up must not hold a
    // live access token. A run asks for one token (it does not count against the research quota).
    tokenCache: new MemoryTokenCache(),
    where: dir,
    async resetQuota() {
      await rm(quotaPath, { force: true });
    },
    close: async () => undefined,
  };
}
