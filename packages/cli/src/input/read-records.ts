import { readFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { type ContentRecord, contentRecordSchema } from "@observatory/arena-core";
import { parse } from "csv-parse/sync";
import { UsageError } from "../usage-error.js";

const JSON_COLUMNS = new Set(["raw_metadata", "media_urls", "search_terms_matched"]);
const NUMBER_COLUMNS = new Set([
  "views_count",
  "likes_count",
  "shares_count",
  "comments_count",
  "engagement_score",
]);

/** A CSV row written by this command back into a record (the inverse of the CSV encoder). */
function fromCsvRow(header: readonly string[], row: readonly string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [i, column] of header.entries()) {
    const cell = row[i] ?? "";
    if (JSON_COLUMNS.has(column))
      record[column] = cell === "" ? (column === "raw_metadata" ? {} : []) : JSON.parse(cell);
    else if (NUMBER_COLUMNS.has(column)) record[column] = cell === "" ? null : Number(cell);
    else record[column] = cell === "" && column !== "platform_id" ? null : cell;
  }
  return record;
}

/**
 * Records collected earlier, from a JSONL or CSV file this command wrote (`--in`; CSV by its `.csv`
 * name unless `format` says). A line that is not a UCR record is bad input (exit 2) naming the file and
 * line.
 */
export async function readRecords(
  cwd: string,
  file: string,
  flag = "--in",
  format?: "jsonl" | "csv",
): Promise<ContentRecord[]> {
  const path = isAbsolute(file) ? file : join(cwd, file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(
      `${flag} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? "error"}).`,
      flag,
    );
  }
  const raw: { line: number; value: () => unknown }[] = [];
  if (format === "csv" || (format === undefined && /\.csv$/i.test(path))) {
    const rows: string[][] = parse(text);
    const header = rows[0] ?? [];
    if (!header.includes("platform_id")) {
      throw new UsageError(
        `${flag} ${file}: not a CSV of records (no platform_id column in the header).`,
        flag,
      );
    }
    for (const [i, row] of rows.slice(1).entries())
      raw.push({ line: i + 2, value: () => fromCsvRow(header, row) });
  } else {
    for (const [i, line] of text.split("\n").entries()) {
      if (line.trim()) raw.push({ line: i + 1, value: () => JSON.parse(line) });
    }
  }
  return raw.map(({ line, value }) => {
    let parsed: ReturnType<typeof contentRecordSchema.safeParse>;
    try {
      parsed = contentRecordSchema.safeParse(value());
    } catch {
      throw new UsageError(`${flag} ${file} line ${line}: not JSON.`, flag);
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(
        `${flag} ${file} line ${line}: not a content record (${issue.path.join(".") || "record"}: ${issue.message}).`,
        flag,
      );
    }
    return parsed.data;
  });
}
