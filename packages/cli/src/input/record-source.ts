import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parse } from "csv-parse";
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

/** One entry of a file this command wrote: a CSV header, or a record with its exact text. */
export type SourceEntry =
  | { kind: "header"; raw: string; columns: string[] }
  | {
      kind: "record";
      /** The record's text as it is in the file, ending with a newline. */
      raw: string;
      /** "line 12" (JSONL) or "row 12" (CSV, the header is row 1). */
      where: string;
      /** The record, parsed (a `UsageError` naming `where` when it is not JSON). */
      value(): unknown;
    };

/** How the file is read: CSV by `format`, else by a `.csv` name; JSONL otherwise. */
const isCsv = (path: string, format?: "jsonl" | "csv") =>
  format === "csv" || (format === undefined && /\.csv$/i.test(path));

/**
 * Streams a JSONL or CSV file of records as this command writes them, entry by entry: flat memory
 * whatever its size (a whole multi-GB file is never one string, which V8 caps at 512 MB). Unreadable
 * files and CSV that is not this command's are a `UsageError` naming `flag` and the file (`name`, as
 * the user gave it).
 */
export async function* recordSource(
  path: string,
  options: { flag: string; name?: string; format?: "jsonl" | "csv" },
): AsyncGenerator<SourceEntry> {
  const { flag, format } = options;
  const input = createReadStream(path);
  input.on("error", () => undefined); // surfaces in the iteration below
  const label = `${flag} ${options.name ?? path}`;
  try {
    if (isCsv(path, format)) {
      let header: string[] | undefined;
      let row = 1;
      for await (const { record, raw } of input.pipe(parse({ raw: true })) as AsyncIterable<{
        record: string[];
        raw: string;
      }>) {
        const text = raw.endsWith("\n") ? raw : `${raw}\n`;
        if (!header) {
          header = record;
          yield { kind: "header", raw: text, columns: record };
          continue;
        }
        row++;
        const where = `row ${row}`;
        const columns = header;
        yield {
          kind: "record",
          raw: text,
          where,
          value: () => {
            try {
              return fromCsvRow(columns, record);
            } catch {
              throw new UsageError(`${label} ${where}: a JSON column does not hold JSON.`, flag);
            }
          },
        };
      }
    } else {
      let line = 0;
      for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
        line++;
        if (!text.trim()) continue;
        const where = `line ${line}`;
        yield {
          kind: "record",
          raw: `${text}\n`,
          where,
          value: () => {
            try {
              return JSON.parse(text); // our own output: IDs are strings already
            } catch {
              throw new UsageError(`${label} ${where}: not JSON.`, flag);
            }
          },
        };
      }
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EACCES" || code === "EISDIR" || code === "ENOTDIR") {
      throw new UsageError(`${label}: cannot read it (${code}).`, flag);
    }
    if (typeof code === "string" && code.startsWith("CSV_")) {
      throw new UsageError(`${label}: not a CSV this command wrote (${(error as Error).message}).`, flag);
    }
    throw error;
  } finally {
    input.destroy();
  }
}
