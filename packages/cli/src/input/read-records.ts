import { type ContentRecord, contentRecordSchema } from "@observatory/arena-core";
import { resolvePath } from "../resolve-path.js";
import { UsageError } from "../usage-error.js";
import { recordSource } from "./record-source.js";

/**
 * Records collected earlier, from a JSONL or CSV file this command wrote (`--in`; CSV by its `.csv`
 * name unless `format` says), read as a stream (a file of any size, not one string). A line that is
 * not a UCR record is bad input (exit 2) naming the file and line.
 */
export async function readRecords(
  cwd: string,
  file: string,
  flag = "--in",
  format?: "jsonl" | "csv",
): Promise<ContentRecord[]> {
  const path = resolvePath(cwd, file);
  const records: ContentRecord[] = [];
  for await (const entry of recordSource(path, { flag, name: file, ...(format ? { format } : {}) })) {
    if (entry.kind === "header") {
      checkRecordHeader(entry.columns, flag, file);
      continue;
    }
    records.push(toContentRecord(entry.value(), `${flag} ${file} ${entry.where}`, flag));
  }
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
export function checkRecordHeader(columns: readonly string[], flag: string, file: string): void {
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
