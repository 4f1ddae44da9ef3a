import { type Checkpoint, type CheckpointStore, ConfigError, DataError } from "@observatory/arena-core";
import type { Redis } from "ioredis";
import { z } from "zod";
import { RedisGateway, type RedisGatewayOptions } from "../connection/redis-gateway.js";
import { type RedisKeys, redisKeys } from "../keys.js";
import { claimLeaseScript, putCheckpointScript, releaseLeaseScript } from "./checkpoint-scripts.js";

export interface RedisCheckpointStoreOptions extends RedisGatewayOptions {
  /** Key prefix, default `observatory:`. */
  prefix?: string;
  /** Expire a run's checkpoints this long after its last write (default: never). */
  ttlMs?: number;
}

const checkpointSchema = z.object({
  runId: z.string(),
  partition: z.string(),
  cursor: z.string().optional(),
  searchId: z.string().optional(),
  done: z.boolean(),
  pages: z.number(),
  records: z.number(),
  givenUp: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  updatedAt: z.string(),
});

/**
 * Checkpoints in Redis: one hash per run (`<prefix>checkpoint:<runId>`), one field per partition.
 *
 * Safe under concurrent writers means:
 * - a write is atomic and touches only its partition: writers of different partitions of one run never
 *   lose each other's writes (no read-modify-write of the whole run);
 * - a partition never goes backwards: a write that is behind the stored checkpoint (not done while the
 *   stored one is done, or fewer pages) is ignored, so a stale worker, a delayed retry or a zombie
 *   process cannot rewind a partition and make it re-spend quota; `done` is final until `deleteRun`.
 * Writes alone do not assign partitions to workers: leases do. `claim(runId, partition, owner, ttlMs)`
 * gives one owner at a time an expiring lease on a partition (`<prefix>lease:<runId>:<partition>`,
 * value = owner, `PX` = ttlMs on the Redis server's clock); the owner renews it with the same call and
 * gives it back with `release`. A crashed owner's lease lapses after `ttlMs` and another worker
 * continues the partition from its checkpoint. Arenas keep `pages` counting up even when they restart a
 * partition's cursor.
 */
export class RedisCheckpointStore implements CheckpointStore {
  readonly keys: RedisKeys;
  readonly #gateway: RedisGateway;
  readonly #ttlMs: number;

  constructor(redis: Redis | RedisGateway, options: RedisCheckpointStoreOptions = {}) {
    this.#gateway = redis instanceof RedisGateway ? redis : new RedisGateway(redis, options);
    this.keys = redisKeys(options.prefix);
    this.#ttlMs = options.ttlMs ?? 0;
  }

  async get(runId: string, partition: string): Promise<Checkpoint | undefined> {
    const key = this.keys.checkpoints(runId);
    const raw = await this.#gateway.run("read a checkpoint", (c) => c.hget(key, partition));
    return raw === null ? undefined : parseCheckpoint(raw, key, partition);
  }

  async put(checkpoint: Checkpoint): Promise<void> {
    await this.putIfAhead(checkpoint);
  }

  /** `put` that says whether the checkpoint was written (true) or the stored one was further along (false). */
  async putIfAhead(checkpoint: Checkpoint): Promise<boolean> {
    const parsed = checkpointSchema.safeParse(checkpoint);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join(".") || "checkpoint";
      throw new ConfigError(`Invalid checkpoint: ${field}: ${issue?.message ?? "invalid"}.`, { field });
    }
    const valid = parsed.data;
    const written = await this.#gateway.eval(
      "write a checkpoint",
      putCheckpointScript,
      [this.keys.checkpoints(valid.runId)],
      [valid.partition, JSON.stringify(valid), valid.done ? 1 : 0, valid.pages, this.#ttlMs],
    );
    return written === 1;
  }

  /**
   * Takes the partition's lease for `owner`, or renews it when `owner` already holds it (the expiry is
   * set to `ttlMs` from now). False while another owner's lease is live. Atomic (one Lua script) and
   * idempotent, so a retry after a lost reply cannot hand the lease to two owners.
   */
  async claim(runId: string, partition: string, owner: string, ttlMs: number): Promise<boolean> {
    checkLease(owner, ttlMs);
    const taken = await this.#gateway.eval(
      "claim a partition lease",
      claimLeaseScript,
      [this.keys.lease(runId, partition)],
      [owner, ttlMs],
    );
    return taken === 1;
  }

  /** Gives the partition's lease back, only if `owner` holds it (another owner's lease is left alone). */
  async release(runId: string, partition: string, owner: string): Promise<void> {
    checkLease(owner, 1);
    await this.#gateway.eval(
      "release a partition lease",
      releaseLeaseScript,
      [this.keys.lease(runId, partition)],
      [owner],
    );
  }

  async list(runId: string): Promise<Checkpoint[]> {
    const key = this.keys.checkpoints(runId);
    const all = await this.#gateway.run("list checkpoints", (c) => c.hgetall(key));
    return Object.entries(all).map(([partition, raw]) => parseCheckpoint(raw, key, partition));
  }

  async deleteRun(runId: string): Promise<void> {
    await this.#gateway.run("delete a run's checkpoints", (c) => c.del(this.keys.checkpoints(runId)));
  }
}

function checkLease(owner: string, ttlMs: number): void {
  if (typeof owner !== "string" || owner.length === 0) {
    throw new ConfigError("A lease owner must be a non-empty string (e.g. the worker id).", {
      field: "owner",
    });
  }
  if (!Number.isInteger(ttlMs) || ttlMs < 1) {
    throw new ConfigError(`A lease time must be a whole number of milliseconds ≥ 1 (got ${ttlMs}).`, {
      field: "ttlMs",
    });
  }
}

function parseCheckpoint(raw: string, key: string, partition: string): Checkpoint {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = checkpointSchema.safeParse(json);
  if (!parsed.success) {
    throw new DataError(
      `The checkpoint of partition "${partition}" in Redis key ${key} is not a valid checkpoint.`,
      {
        code: "invalid_checkpoint",
      },
    );
  }
  return parsed.data as Checkpoint;
}
