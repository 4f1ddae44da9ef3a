import { UsageError } from "../usage-error.js";

/** A UTC date flag: YYYY-MM-DD (midnight UTC) or an ISO-8601 timestamp with a zone. */
export function parseDateFlag(flag: string, value: string): Date {
  const text = value.trim();
  let date: Date | undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const candidate = new Date(`${text}T00:00:00.000Z`);
    // 2026-02-30 is not rolled over into March.
    if (!Number.isNaN(candidate.getTime()) && candidate.toISOString().startsWith(text)) date = candidate;
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const candidate = new Date(text);
    if (!Number.isNaN(candidate.getTime())) date = candidate;
  }
  if (!date) {
    throw new UsageError(
      `${flag} ${JSON.stringify(value)} is not a date: use YYYY-MM-DD (UTC), e.g. ${flag} 2026-09-01, or an ISO-8601 timestamp with a zone.`,
      flag,
    );
  }
  return date;
}

/** --since and --until: both dates, since before until (until is exclusive). */
export function parseDateRange(since: string, until: string): { since: Date; until: Date } {
  const from = parseDateFlag("--since", since);
  const to = parseDateFlag("--until", until);
  if (from.getTime() >= to.getTime()) {
    throw new UsageError(
      `--since (${since}) must be before --until (${until}); --until is exclusive, so one day is --since 2026-09-01 --until 2026-09-02.`,
      "--since",
    );
  }
  return { since: from, until: to };
}
