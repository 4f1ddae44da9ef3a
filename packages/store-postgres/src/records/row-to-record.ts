import type { ContentRecord } from "@observatory/arena-core";
import { CONTENT_COLUMN_NAMES } from "../schema/content-columns.js";

/** A `content_records`/`comments` row back to the UCR it was written from (store columns left out). */
export function rowToRecord(row: Record<string, unknown>): ContentRecord {
  const record: Record<string, unknown> = {};
  for (const column of CONTENT_COLUMN_NAMES) record[column] = row[column] ?? null;
  return record as ContentRecord;
}
