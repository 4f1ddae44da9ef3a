import { InvalidArgumentError } from "commander";

/** Repeatable flag: every occurrence is kept. */
export const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

/** Repeatable flag that also takes a comma-separated list: `--region DK --region SE,NO`. */
export const collectList = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  ...value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean),
];

export function positiveInt(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
    throw new InvalidArgumentError("use a whole number above 0, e.g. 500.");
  }
  if (!Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError(`too large: use a whole number from 1 to ${Number.MAX_SAFE_INTEGER}.`);
  }
  return Number(value);
}

/** `--run-id`: a name for the run's checkpoints (printable, no spaces, at most 200 characters). */
export function runId(value: string): string {
  if (!/^[\x21-\x7e]{1,200}$/.test(value)) {
    throw new InvalidArgumentError(
      `${JSON.stringify(value)} is not a run ID: use 1–200 letters, digits or punctuation without spaces, e.g. --run-id klima-2026.`,
    );
  }
  return value;
}

export function port(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 65_535) {
    throw new InvalidArgumentError("use a port number from 0 to 65535 (0 picks a free one).");
  }
  return Number(value);
}

export function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError("use a whole number, e.g. 42.");
  return Number(value);
}

export function concurrency(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > 32) {
    throw new InvalidArgumentError(
      "use a whole number of windows in flight from 1 to 32, e.g. --concurrency 4 (1 is one at a time).",
    );
  }
  return Number(value);
}

export function windowDays(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > 30) {
    throw new InvalidArgumentError(
      "the Research API allows 1 to 30 days per query; use a whole number from 1 to 30, e.g. --window-days 7.",
    );
  }
  return Number(value);
}

/** `--timeout`: seconds to wait for response headers, or `connect=S,headers=S,stall=S,notice=S` (any of them). */
export interface Timeouts {
  /** Establish a connection (TCP and TLS), ms. */
  connectMs?: number;
  /** Wait for a response's headers (the first byte), ms. */
  headersMs?: number;
  /** A response body may go this long without a byte, ms. */
  stallMs?: number;
  /** Report a request quiet this long on stderr, ms (0: never). */
  noticeMs?: number;
}

const TIMEOUT_KEYS = {
  connect: "connectMs",
  headers: "headersMs",
  stall: "stallMs",
  notice: "noticeMs",
} as const;

export function timeouts(value: string, previous: Timeouts | undefined): Timeouts {
  const result: Timeouts = { ...previous };
  const seconds = (text: string, key: string) => {
    const n = Number(text.trim());
    if (!/^\d+(\.\d+)?$/.test(text.trim()) || (n <= 0 && key !== "notice") || n > 86_400) {
      throw new InvalidArgumentError(
        `${key}=${text} is not a number of seconds; use e.g. --timeout 300 or --timeout headers=300,stall=60,notice=60.`,
      );
    }
    return Math.round(n * 1000);
  };
  for (const part of value.split(",")) {
    const [rawKey, rawValue] = part.includes("=") ? part.split("=", 2) : ["headers", part];
    const key = rawKey!.trim() as keyof typeof TIMEOUT_KEYS;
    if (!(key in TIMEOUT_KEYS)) {
      throw new InvalidArgumentError(
        `unknown timeout "${rawKey}"; use connect, headers, stall or notice, e.g. --timeout connect=30,headers=300,stall=60.`,
      );
    }
    result[TIMEOUT_KEYS[key]] = seconds(rawValue ?? "", key);
  }
  return result;
}
