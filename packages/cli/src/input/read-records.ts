import { type ContentRecord, contentRecordSchema } from "@observatory/arena-core";
import { resolvePath } from "../resolve-path.js";
import { UsageError } from "../usage-error.js";
import { recordSource } from "./record-source.js";

/** One validated record of a file this command wrote, and where it is (see `recordSource`). */
export interface ValidRecord {
  record: ContentRecord;
  /** "--in F line 12", for messages. */
  where: string;
  offset: number;
  bytes: number;
  /** The CSV header's columns (undefined for JSONL): how `parseRecordText` reads the record back. */
  csvColumns: readonly string[] | undefined;
}

/**
 * The records of a JSONL or CSV file this command wrote (`--in`; CSV by its `.csv` name unless
 * `format` says), streamed (a file of any size, not one string) and each validated: a line that is not
 * a UCR record is bad input (exit 2) naming the file and line.
 */
export async function* validRecords(
  cwd: string,
  file: string,
  flag = "--in",
  format?: "jsonl" | "csv",
): AsyncGenerator<ValidRecord> {
  const path = resolvePath(cwd, file);
  let csvColumns: readonly string[] | undefined;
  for await (const entry of recordSource(path, { flag, name: file, ...(format ? { format } : {}) })) {
    if (entry.kind === "header") {
      checkRecordHeader(entry.columns, flag, file);
      csvColumns = entry.columns;
      continue;
    }
    const where = `${flag} ${file} ${entry.where}`;
    const record = toContentRecord(entry.value(), where, flag);
    yield { record, where, offset: entry.offset, bytes: entry.bytes, csvColumns };
  }
}

/** Every record of such a file, in memory (`validRecords` collected). */
export async function readRecords(
  cwd: string,
  file: string,
  flag = "--in",
  format?: "jsonl" | "csv",
): Promise<ContentRecord[]> {
  const records: ContentRecord[] = [];
  for await (const { record } of validRecords(cwd, file, flag, format)) records.push(record);
  return records;
}

/** A parsed entry as a UCR record, or a `UsageError` naming `where` and the first problem. */
export function toContentRecord(value: unknown, where: string, flag: string): ContentRecord {
  const parsed = contentRecordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(
      `${where}: not a content record (${issue.path.join(".") || "record"}: ${issue.message}).`,
      flag,
    );
  }
  return parsed.data;
}

/** A CSV header must name platform_id to be a file of records. */
function checkRecordHeader(columns: readonly string[], flag: string, file: string): void {
  if (!columns.includes("platform_id")) {
    throw new UsageError(
      `${flag} ${file}: not a CSV of records (no platform_id column in the header).`,
      flag,
    );
  }
}

/** The platform_ids of a file of records this command wrote, streamed (only the IDs are kept). */
export async function readRecordIds(
  cwd: string,
  file: string,
  flag: string,
  format?: "jsonl" | "csv",
): Promise<Set<string>> {
  const ids = new Set<string>();
  const path = resolvePath(cwd, file);
  for await (const entry of recordSource(path, { flag, name: file, ...(format ? { format } : {}) })) {
    if (entry.kind === "header") continue;
    const id = (entry.value() as { platform_id?: unknown } | null)?.platform_id;
    if (typeof id !== "string" || !id) {
      throw new UsageError(`${flag} ${file} ${entry.where}: a record without a platform_id.`, flag);
    }
    ids.add(id);
  }
  return ids;
}
