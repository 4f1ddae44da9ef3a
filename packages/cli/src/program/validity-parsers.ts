import { InvalidArgumentError } from "commander";

/** `--language-min-confidence`: a probability from 0 to 1. */
export function confidence(value: string): number {
  const n = Number(value.trim());
  if (!/^(0|1|0?\.\d+|1\.0*)$/.test(value.trim()) || !(n >= 0 && n <= 1)) {
    throw new InvalidArgumentError("use a confidence from 0 to 1, e.g. --language-min-confidence 0.8.");
  }
  return n;
}

/** `--ingestion-lag-days`: whole days from 0 to 60 (reports range from 2 to 10). */
export function ingestionLagDays(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 60) {
    throw new InvalidArgumentError(
      "use whole days from 0 to 60, e.g. --ingestion-lag-days 10 (TikTok's lag is reported as 2–10 days; 0 collects the newest days now).",
    );
  }
  return Number(value);
}

/** `--canary`: one keyword or #hashtag with matches on any day, e.g. #fyp. */
export function canaryTerm(value: string): string {
  const term = value.trim();
  if (!term || /[\p{Cc}]/u.test(term)) {
    throw new InvalidArgumentError(
      "use one keyword or #hashtag that has videos on any day, e.g. --canary '#fyp'.",
    );
  }
  return term;
}
