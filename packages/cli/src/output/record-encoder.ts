import { stringify } from "csv-stringify/sync";
import { guardFormula } from "../csv/formula-guard.js";
import type { OutputFormat } from "../program/flags.js";

/** Turns records into the bytes of one output format. */
export interface RecordEncoder<T> {
  readonly format: OutputFormat;
  /** Written once, at the start of an empty file (the CSV header; nothing for JSONL). */
  header(): string;
  encode(record: T): string;
}

export function jsonlEncoder<T>(): RecordEncoder<T> {
  return { format: "jsonl", header: () => "", encode: (record) => `${JSON.stringify(record)}\n` };
}

/**
 * A CSV cell: null/undefined empty, arrays and objects as JSON, strings as they are except that text a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading apostrophe
 * (see `guardFormula`; this command's CSV reader removes it again).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return guardFormula(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  return JSON.stringify(value);
}

/** Flat CSV in the given column order (a UCR's own order for records); one header line. */
export function csvEncoder<T>(columns: readonly string[]): RecordEncoder<T> {
  return {
    format: "csv",
    header: () => stringify([columns as string[]]),
    encode: (record) => {
      const row = record as Record<string, unknown>;
      return stringify([columns.map((column) => csvCell(row[column]))]);
    },
  };
}

export function encoderFor<T>(format: OutputFormat, columns: readonly string[]): RecordEncoder<T> {
  return format === "csv" ? csvEncoder<T>(columns) : jsonlEncoder<T>();
}
