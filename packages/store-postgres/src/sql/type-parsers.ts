/** PostgreSQL type OIDs whose default JavaScript form the store changes. */
export const PG_TYPE = { INT8: 20, TIMESTAMPTZ: 1184, TIMESTAMP: 1114, NUMERIC: 1700 } as const;

/** bigint columns hold counts (< 2^53): numbers, never strings. IDs are text columns, never bigint. */
export const parseInt8 = (value: string): number => Number(value);

/** Timestamps come back as the ISO-8601 UTC strings the records carry ("…T…Z", milliseconds). */
export const parseTimestamptz = (value: string): string => {
  // PostgreSQL's text form: "2026-09-01 12:00:00.123+00" (the session time zone is UTC).
  const date = new Date(value.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00"));
  return date.toISOString();
};
