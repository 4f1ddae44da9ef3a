/** The command's exit codes; scripts can rely on them. */
export const EXIT = {
  /** Done: the collection (or command) completed. */
  ok: 0,
  /** Any other failure (network, upstream, windows given up — a resume retries those). */
  failure: 1,
  /** Bad input: a flag, a date, the configuration. Nothing was collected. */
  usage: 2,
  /** The daily quota is spent: the run is paused and resumable with the same command. */
  quotaPaused: 3,
  /** Silent zeros: windows came back empty where records were expected (not marked complete; resumable). */
  silentZeros: 4,
  /** Windows within the ingestion lag were left for a later run (after the printed time; resumable). */
  deferred: 5,
  /** `--max-requests` is spent: the run stopped before the next request and is resumable at once. */
  budgetSpent: 6,
  /** Interrupted (Ctrl-C): the run stopped after a checkpoint and is resumable. */
  interrupted: 130,
  /** Stopped by SIGTERM (a scheduler, `kill`): like Ctrl-C, after a checkpoint, resumable. */
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
