import type { DateWindow } from "../helpers/date-windows.js";

/** Where a partition's next page starts, as its checkpoint keeps it (`{}`: the first page). */
export interface PageCursor {
  cursor?: string;
  searchId?: string;
}

/** One partition × window of a run: what a job queue schedules as one job. */
export interface PartitionTask<Q> {
  /** The partition's name: "terms#0", "comments:7360…", a keyword. */
  label: string;
  /** What the arena asks the platform for (its own query type). */
  query: Q;
  /** The dates this task covers; absent for partitions without dates (a user, a video). */
  window?: DateWindow;
  /** Its checkpoint partition. */
  key: string;
  /** The partition whose lease covers it (a split window's halves share their parent's). */
  leaseKey: string;
}

/** What the arena is asked to fetch: one page of a task. */
export interface PageRequest<Q> {
  task: PartitionTask<Q>;
  cursor: PageCursor;
  /** The arena's own state kept in the task's checkpoint (as of its last page). */
  data: Record<string, unknown> | undefined;
  /** Records this task yielded so far, earlier invocations included. */
  records: number;
  signal?: AbortSignal;
}

/** One page as the arena read it. */
export interface Page<Item> {
  /** The raw items, in order (a list, or a stream for large downloads). */
  items: Iterable<Item> | AsyncIterable<Item>;
  /** Where the next page starts. */
  next: PageCursor;
  /** No page follows. */
  done: boolean;
  /** False when no request was needed (e.g. a cap or a limit already reached): not counted as a page. */
  sent?: boolean;
  /** De-duplication keys to treat as seen (e.g. items at a timestamp cursor's boundary second). */
  known?: ReadonlySet<string>;
  /** Awaited after the items were read, before `next`, `done` and `data` are used. */
  settle?: () => Promise<void>;
  /** The arena's state to keep with this page's checkpoint; `keys` are those of the records read. */
  data?: (keys: readonly string[], limitReached: boolean) => Record<string, unknown>;
  /** A fault seen after the items were read: they are yielded and checkpointed, then it is thrown. */
  fault?: Error;
}

/** A record and the key that de-duplicates it within a task; `id` goes to `beforeCheckpoint`. */
export interface Normalised<T> {
  key: string;
  id: string;
  value: T;
}

/**
 * What an arena supplies to the engine: how to fetch a page of a task at a cursor (build the request,
 * send it, read records, next cursor and done), and how to normalise one item. Failures are thrown as
 * `ArenaError`s whose `verdict` (set by the arena's error table) tells the engine what to do.
 */
export interface PageSource<Q, P extends Page<unknown>, T> {
  fetchPage(request: PageRequest<Q>): Promise<P>;
  /**
   * An item → a record; undefined to skip it (counted in `progress.skipped`); `{ dropped: key }` for a
   * valid record the query does not want (e.g. its language), counted per key in `PageCommit.dropped`.
   */
  normalise(
    item: ItemOf<P>,
    index: number,
    page: P,
    request: PageRequest<Q>,
  ): Normalised<T> | { dropped: string } | undefined;
  /** Before a task's first page, once per invocation (e.g. trigger a paid collection; `save` keeps its id). */
  prepare?(request: PageRequest<Q>, save: (data: Record<string, unknown>) => Promise<void>): Promise<void>;
}

export type ItemOf<P> = P extends Page<infer Item> ? Item : never;
