import type { CheckpointStore } from "../ports/checkpoint-store.js";

/** A checkpoint store that can also grant exclusive, expiring leases on partitions (e.g. the Redis one). */
export type LeaseStore = CheckpointStore & {
  claim?(runId: string, partition: string, owner: string, ttlMs: number): Promise<boolean>;
  release?(runId: string, partition: string, owner: string): Promise<void>;
};

export interface Leases {
  /** False for stores without leases: one worker per run, nothing to check. */
  readonly active: boolean;
  /** True when this worker may collect the partition (always, for stores without leases). */
  claim(partition: string): Promise<boolean>;
  /** False when another worker has taken the partition over (this worker stalled past its lease). */
  renew(partition: string): Promise<boolean>;
  /** Best effort: a lease that cannot be given back lapses by itself. */
  release(partition: string): Promise<void>;
}

/** Partition leases for one run and worker; a no-op for stores without leases (one worker per run). */
export function leasesOf(store: LeaseStore, runId: string, owner: string, ttlMs: number): Leases {
  const { claim, release } = store;
  if (!claim || !release) {
    return { active: false, claim: async () => true, renew: async () => true, release: async () => {} };
  }
  return {
    active: true,
    claim: (partition) => claim.call(store, runId, partition, owner, ttlMs),
    renew: (partition) => claim.call(store, runId, partition, owner, ttlMs),
    release: (partition) => release.call(store, runId, partition, owner).catch(() => undefined),
  };
}
