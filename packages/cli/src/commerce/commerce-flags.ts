import type { GlobalFlags, RunFlags } from "../program/flags.js";
import { UsageError } from "../usage-error.js";

/** Flags of `ads search`, `ads report` and `commercial`. */
export interface AdlibRangeFlags extends RunFlags, GlobalFlags {
  since: string;
  until: string;
  country?: string;
  advertiser?: string[];
  term?: string;
  fuzzy?: boolean;
  creator?: string[];
  creatorCountry?: string;
  max?: number;
}

/** Flags of the per-target commands (ads detail, advertisers, shops, products, reviews). */
export interface CommerceTargetFlags extends RunFlags, GlobalFlags {
  max?: number;
}

export interface ComplianceCheckFlags extends GlobalFlags {
  in?: string;
  category?: string;
}

const FIRST_DAY = "2022-10-01";

/** A day flag: YYYY-MM-DD, a real date, not before 2022-10-01 (the ad library's first day). */
export function dayFlag(value: string | undefined, flag: string): string {
  const text = (value ?? "").trim();
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
  if (!ok || new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text) {
    throw new UsageError(
      `${flag} ${JSON.stringify(text)} is not a day: use YYYY-MM-DD, e.g. ${flag} 2026-09-01.`,
      flag,
    );
  }
  if (text < FIRST_DAY) {
    throw new UsageError(
      `${flag} ${text} is before ${FIRST_DAY}, the first day TikTok's ad library holds: use a later day.`,
      flag,
    );
  }
  return text;
}

/** --since and --until (both days inclusive, as the Commercial Content API reads its date ranges). */
export function rangeFlags(flags: { since: string; until: string }): { since: string; until: string } {
  const since = dayFlag(flags.since, "--since");
  const until = dayFlag(flags.until, "--until");
  if (until < since)
    throw new UsageError(`--until ${until} is before --since ${since}: swap them.`, "--until");
  return { since, until };
}

export function countryFlag(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const code = value.trim().toUpperCase();
  if (!/^([A-Z]{2}|ALL)$/.test(code)) {
    throw new UsageError(
      `${flag} ${JSON.stringify(value)} is not a country: use a two-letter code such as DK, or ALL.`,
      flag,
    );
  }
  return code;
}

const MAX_INT64 = 9_223_372_036_854_775_807n;

/** IDs (ad, advertiser, shop, product): digits, a positive signed 64-bit integer, kept as strings. */
export function idFlags(values: readonly string[] | undefined, flag: string, what: string): string[] {
  const ids = (values ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!/^\d{1,19}$/.test(id) || BigInt(id) === 0n || BigInt(id) > MAX_INT64) {
      throw new UsageError(
        `${flag} ${JSON.stringify(id)} is not ${what} ID: use its digits, e.g. 7412345678901234567.`,
        flag,
      );
    }
  }
  return [...new Set(ids)];
}

/** A search term of at most 50 characters (the API's limit). */
export function termFlag(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const term = value.trim();
  if (!term || term.length > 50) {
    throw new UsageError(`${flag} must be 1–50 characters (TikTok's limit); got ${term.length}.`, flag);
  }
  return term;
}
