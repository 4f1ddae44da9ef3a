import { ConfigError } from "@observatory/arena-core";

/** Which rows an export (or a count) takes. Every filter is optional. */
export interface ExportFilters {
  platform?: string;
  /** Published at or after (ISO-8601 or YYYY-MM-DD, UTC). */
  since?: string;
  /** Published before (exclusive). */
  until?: string;
  /** Rows written by this run (first found by it, or seen again by it). */
  runId?: string;
}

/** The tables an export can read. */
export const EXPORT_TABLES = [
  "content_records",
  "comments",
  "user_profiles",
  "relations",
  "playlist_entries",
  "engagement_snapshots",
  "collection_runs",
  "collection_windows",
  "deletions",
] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

const isDate = (v: string) => !Number.isNaN(Date.parse(v));

/** WHERE clause and parameters for a content table's filters (`c` is the table alias). */
export function contentWhere(
  table: "content_records" | "comments",
  filters: ExportFilters,
): {
  where: string[];
  params: unknown[];
} {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filters.platform) where.push(`c.platform = ${param(filters.platform)}`);
  for (const [name, op] of [
    ["since", ">="],
    ["until", "<"],
  ] as const) {
    const value = filters[name];
    if (value === undefined) continue;
    if (!isDate(value)) {
      throw new ConfigError(`--${name} ${JSON.stringify(value)} is not a date: write YYYY-MM-DD (UTC).`, {
        field: `--${name}`,
      });
    }
    where.push(`c.published_at ${op} ${param(new Date(value).toISOString())}::timestamptz`);
  }
  if (filters.runId) {
    const run = param(filters.runId);
    where.push(
      table === "content_records"
        ? `(c.first_run_id = ${run} OR EXISTS (SELECT 1 FROM engagement_snapshots s WHERE s.platform = c.platform AND s.platform_id = c.platform_id AND s.run_id = ${run}))`
        : `c.first_run_id = ${run}`,
    );
  }
  return { where, params };
}
