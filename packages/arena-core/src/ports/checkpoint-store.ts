/** Where one partition (a term set or an actor set × one date window) of a run stands. */
export interface Checkpoint {
  runId: string;
  /** e.g. "terms:2026-09-01..2026-09-08" */
  partition: string;
  cursor?: string;
  searchId?: string;
  done: boolean;
  /** Pages fetched and records yielded in this partition so far. */
  pages: number;
  records: number;
  /** Set when the partition was given up (it is then not done; a resume retries it). */
  givenUp?: string;
  /** Arena-specific, JSON-safe, never secrets. */
  data?: Record<string, unknown>;
  updatedAt: string;
}

export interface CheckpointStore {
  get(runId: string, partition: string): Promise<Checkpoint | undefined>;
  put(checkpoint: Checkpoint): Promise<void>;
  list(runId: string): Promise<Checkpoint[]>;
  deleteRun(runId: string): Promise<void>;
  /**
   * Optional: an exclusive, expiring lease on a partition, so several workers share one run and each
   * partition is collected by one of them. True when `owner` now holds the lease (taken or renewed);
   * false while another owner's lease is live. A crashed owner's lease lapses after `ttlMs`.
   */
  claim?(runId: string, partition: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Optional: gives a lease back (only if `owner` holds it). */
  release?(runId: string, partition: string, owner: string): Promise<void>;
}
