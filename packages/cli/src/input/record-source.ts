import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import { unguardFormula } from "../csv/formula-guard.js";
import { UsageError } from "../usage-error.js";
import { byteLines, LineTooLongError } from "./byte-lines.js";

/** The longest line (JSONL) or row (CSV) a file of records may hold: a record is a few KB. */
export const MAX_LINE_BYTES = 16 * 1_048_576;

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
    else record[column] = cell === "" && column !== "platform_id" ? null : unguardFormula(cell);
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
      /** Where the record's bytes are in the file (its line ending included): `parseRecordText` parses them read back. */
      offset: number;
      bytes: number;
      /** The record, parsed (a `UsageError` naming `where` when it is not JSON). */
      value(): unknown;
    };

/** A JSONL line of this command's output (IDs are strings already), or a `UsageError` naming `where`. */
function parseJsonLine(text: string, where: string, flag: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${where}: not JSON.`, flag);
  }
}

/**
 * One record read back from where `recordSource` found it (`entry.offset`, `entry.bytes`), parsed the
 * same way: JSON for JSONL, the row under `csvColumns` (the file's header) for CSV.
 */
export function parseRecordText(
  text: string,
  options: { csvColumns?: readonly string[]; where: string; flag: string },
): unknown {
  const { csvColumns, where, flag } = options;
  if (!csvColumns) return parseJsonLine(text.replace(/\r?\n$/, ""), where, flag);
  try {
    const [row] = parseSync(text) as string[][];
    return fromCsvRow(csvColumns, row ?? []);
  } catch {
    throw new UsageError(`${where}: not a row of this command's CSV.`, flag);
  }
}

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
  options: { flag: string; name?: string; format?: "jsonl" | "csv"; maxLineBytes?: number },
): AsyncGenerator<SourceEntry> {
  const { flag, format } = options;
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const tooLong = (where: string) =>
    new UsageError(
      `${label} ${where}: longer than ${formatMb(maxLineBytes)}, the most a record may be: not a file of records this command wrote (or one damaged by a missing line break).`,
      flag,
    );
  const input = createReadStream(path);
  input.on("error", () => undefined); // surfaces in the iteration below
  const label = `${flag} ${options.name ?? path}`;
  try {
    if (isCsv(path, format)) {
      let header: string[] | undefined;
      let row = 1;
      let offset = 0;
      const rows = parse({ raw: true, info: true, max_record_size: maxLineBytes });
      // pipe() does not pass the file's errors on (a missing file would end the rows silently).
      input.on("error", (error) => rows.destroy(error));
      for await (const { record, raw, info } of input.pipe(rows) as AsyncIterable<{
        record: string[];
        raw: string;
        info: { bytes: number };
      }>) {
        const text = raw.endsWith("\n") ? raw : `${raw}\n`;
        const start = offset;
        offset = info.bytes;
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
          offset: start,
          bytes: offset - start,
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
      for await (const { text, line, offset, bytes } of byteLines(input, maxLineBytes)) {
        if (!text.trim()) continue;
        const where = `line ${line}`;
        yield {
          kind: "record",
          raw: `${text}\n`,
          where,
          offset,
          bytes,
          value: () => parseJsonLine(text, `${label} ${where}`, flag),
        };
      }
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error instanceof LineTooLongError) throw tooLong(`line ${error.line}`);
    if ((error as { code?: string }).code === "CSV_MAX_RECORD_SIZE") {
      throw tooLong(`row ${Number((error as { lines?: number }).lines ?? 0) || "?"}`);
    }
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

const formatMb = (bytes: number) => `${Math.round((bytes / 1_048_576) * 10) / 10} MB`;
