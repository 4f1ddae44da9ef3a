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
  return Number(value);
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

export function windowDays(value: string): number {
  const n = positiveInt(value);
  if (n > 30) throw new InvalidArgumentError("the Research API allows at most 30 days per query; use 1–30.");
  return n;
}
