/**
 * The one table that maps what Bright Data answered to what the client does, and the verdict the
 * error carries for the run (see `Verdict`). Rows are tried in order; the first match wins.
 *
 * | endpoint | status | body | action | error | verdict |
 * |---|---|---|---|---|---|
 * | any | 2xx | — | ok | — | — |
 * | download | 400 | "snapshot is empty" | ok (no records) | — | — |
 * | any | network, 408, 5xx | — | retry with backoff | transient | give-up (a resume retries; a paid collection is never split) |
 * | any | 429 | — (too many running jobs) | retry after 5 s × attempt | transient | give-up |
 * | any | 401, 403 | — | fail | auth | fail |
 * | any | 404, 400 | "expired", "does not exist", "not found" | fail | upstream `snapshot_gone` | give-up, fresh start (a resume triggers a new collection) |
 * | any | other 4xx | — | fail | config (`brightData`) | fail |
 * | any | other | — | fail | upstream | fail |
 * | snapshot | — | progress says "failed" (`snapshotFailed`) | — | upstream `snapshot_failed` | give-up, fresh start |
 * | snapshot | — | still running after maxPolls (`snapshotPending`) | — | transient | give-up (a resume waits for the same snapshot) |
 * | snapshot | — | the download broke off mid-way (`snapshotReadFailed`) | — | transient | give-up |
 * | trigger, progress, parts | — | the answer stalled (`answerStalled`) | — | transient | give-up |
 */
import {
  type ArenaError,
  AuthError,
  ConfigError,
  TransientError,
  UpstreamError,
} from "@observatory/arena-core";

export interface BrightDataAnswer {
  endpoint: string;
  status: number;
  text?: string;
}

export type BrightDataAction = "ok" | "retry" | "retry-slow" | "fail";

interface Row {
  name: string;
  when: (a: BrightDataAnswer) => boolean;
  action: BrightDataAction;
  /** The error a failing row raises (`said`: the answer in words, secrets removed). */
  error?: (a: BrightDataAnswer, said: string) => ArenaError;
}

const EMPTY = /snapshot is empty/i;
const GONE = /expired|does not exist|not found/i;

export const BRIGHT_DATA_TABLE: readonly Row[] = [
  { name: "ok", when: (a) => a.status >= 200 && a.status < 300, action: "ok" },
  {
    name: "empty-snapshot",
    when: (a) => a.endpoint === "download" && a.status === 400 && EMPTY.test(a.text ?? ""),
    action: "ok",
  },
  {
    name: "server-error",
    when: (a) => a.status === 0 || a.status === 408 || a.status >= 500,
    action: "retry",
  },
  { name: "too-many-jobs", when: (a) => a.status === 429, action: "retry-slow" },
  {
    name: "key-refused",
    when: (a) => a.status === 401 || a.status === 403,
    action: "fail",
    error: (a, said) =>
      new AuthError(`Bright Data refused the API key (${said}); check brightData.apiKey`, {
        status: a.status,
      }),
  },
  {
    name: "snapshot-gone",
    when: (a) => a.status === 404 || (a.status === 400 && GONE.test(a.text ?? "")),
    action: "fail",
    error: (a, said) =>
      new UpstreamError(`Bright Data ${a.endpoint}: ${said}`, {
        status: a.status,
        code: "snapshot_gone",
        verdict: "give-up",
        details: { freshStart: true },
      }),
  },
  {
    name: "rejected",
    when: (a) => a.status >= 400 && a.status < 500,
    action: "fail",
    error: (a, said) =>
      new ConfigError(`Bright Data rejected the ${a.endpoint} request (${said}); check brightData options`, {
        status: a.status,
        field: "brightData",
      }),
  },
  {
    name: "other",
    when: () => true,
    action: "fail",
    error: (a, said) =>
      new UpstreamError(`Bright Data ${a.endpoint}: unexpected answer (${said})`, { status: a.status }),
  },
];

export function classifyBrightData(answer: BrightDataAnswer): Row {
  return BRIGHT_DATA_TABLE.find((row) => row.when(answer)) as Row;
}

/** A retried answer, once the retries are spent: the collection is given up, a resume retries it. */
export function retriesSpent(answer: BrightDataAnswer, said: string, attempts: number): TransientError {
  return new TransientError(`Bright Data ${answer.endpoint} failed after ${attempts} attempts (${said})`, {
    status: answer.status || undefined,
    code: `bright_data_${answer.endpoint}`,
    verdict: "give-up",
    details: { attempts },
  });
}

export function snapshotFailed(snapshotId: string): UpstreamError {
  return new UpstreamError(`Bright Data reports that collection ${snapshotId} failed`, {
    code: "snapshot_failed",
    verdict: "give-up",
    details: { freshStart: true },
  });
}

export function snapshotPending(snapshotId: string, polls: number): TransientError {
  return new TransientError(
    `Bright Data collection ${snapshotId} was still running after ${polls} progress checks; ` +
      "a resume with the same runId keeps waiting for the same snapshot",
    { code: "snapshot_pending", verdict: "give-up" },
  );
}

export function snapshotReadFailed(what: string, cause: unknown): TransientError {
  return new TransientError(`Reading the Bright Data snapshot failed mid-way: ${what}`, {
    cause,
    code: "snapshot_read_failed",
    verdict: "give-up",
  });
}

export function answerStalled(endpoint: string, what: string): TransientError {
  return new TransientError(`Bright Data's ${endpoint} answer stalled: ${what}`, {
    code: "bright_data_stalled",
    verdict: "give-up",
  });
}
