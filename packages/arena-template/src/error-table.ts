/**
 * REPLACE: the platform's error table — the only place that decides what a failure means. The
 * client retries what the table says to retry; once the attempts are spent, the error it throws
 * carries the row's verdict, and the engine acts on it (see arena-core's `Verdict`).
 *
 * | status | body `error` | action | failureType | verdict |
 * |---|---|---|---|---|
 * | 2xx | — | success | — | — |
 * | 401, 403 | — | fail | auth | fail |
 * | 404 | `unknown_author` | fail | data | skip-target (not_found) |
 * | 429 | — | fail | quota | pause-quota |
 * | 400 | — | fail | config | fail |
 * | 500–599, network | — | retry with backoff | transient | split (the window keeps failing) |
 * | other | — | fail | upstream | fail |
 */
import type { FailureType, Verdict } from "@observatory/arena-core";

export interface Answer {
  /** 0 for a failure below HTTP (refused, reset, timeout). */
  status: number;
  error?: string;
}

export interface Row {
  name: string;
  when: (a: Answer) => boolean;
  action: "success" | "retry" | "fail";
  failureType?: FailureType;
  verdict?: Verdict;
  targetStatus?: "not_found" | "private" | "unavailable";
}

export const ERROR_TABLE: readonly Row[] = [
  { name: "ok", when: (a) => a.status >= 200 && a.status < 300, action: "success" },
  {
    name: "key-refused",
    when: (a) => a.status === 401 || a.status === 403,
    action: "fail",
    failureType: "auth",
    verdict: "fail",
  },
  {
    name: "unknown-author",
    when: (a) => a.status === 404 && a.error === "unknown_author",
    action: "fail",
    failureType: "data",
    verdict: "skip-target",
    targetStatus: "not_found",
  },
  {
    name: "quota",
    when: (a) => a.status === 429,
    action: "fail",
    failureType: "quota",
    verdict: "pause-quota",
  },
  {
    name: "bad-request",
    when: (a) => a.status === 400,
    action: "fail",
    failureType: "config",
    verdict: "fail",
  },
  {
    name: "server-error",
    when: (a) => a.status === 0 || a.status >= 500,
    action: "retry",
    failureType: "transient",
    verdict: "split",
  },
  { name: "other", when: () => true, action: "fail", failureType: "upstream", verdict: "fail" },
];

export function classify(answer: Answer): Row {
  return ERROR_TABLE.find((row) => row.when(answer)) as Row;
}
