import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import {
  CONTENT_COLUMNS,
  EXPORT_TABLES,
  type ExportFilters,
  type ExportTable,
} from "@observatory/store-postgres";
import { EXIT } from "../exit-codes.js";
import { type ParquetColumn, type ParquetColumnType, writeParquet } from "../output/parquet-export.js";
import { encoderFor } from "../output/record-encoder.js";
import { writeAll } from "../output/stdout-output.js";
import type { ActionContext } from "../program/build-program.js";
import { formatCount } from "../progress/format.js";
import { resolvePath } from "../resolve-path.js";
import { type DbFlag, dbLocation, openDbStore } from "../runtime/open-store.js";
import { StderrLines } from "../runtime/stderr-lines.js";
import { UsageError } from "../usage-error.js";

export interface DbExportFlags {
  db?: DbFlag;
  format: "jsonl" | "csv" | "parquet";
  out?: string;
  table: string;
  platform?: string;
  since?: string;
  until?: string;
  runId?: string;
  batch?: number;
}

const PARQUET_TYPE: Record<string, ParquetColumnType> = {
  text: "STRING",
  bigint: "INT64",
  "double precision": "DOUBLE",
  timestamptz: "TIMESTAMP",
  jsonb: "JSON",
  "text[]": "JSON",
};

/** The UCR's columns in Parquet: IDs as strings, counts INT64, times TIMESTAMP, JSON and lists as JSON text. */
const CONTENT_PARQUET: ParquetColumn[] = CONTENT_COLUMNS.map(([name, type]) => ({
  name,
  type: PARQUET_TYPE[type.replace(" NOT NULL", "")] ?? "STRING",
}));

async function* batched<T>(rows: AsyncIterable<T>, size: number): AsyncIterable<T[]> {
  let batch: T[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * `observatory db export`: a table as JSONL, CSV or Parquet. Content tables come out as the UCR the
 * collection wrote (the same lines `--out` writes); other tables with every column. A file is written
 * beside its name and renamed into place when complete.
 */
export async function dbExportAction(ctx: ActionContext, flags: DbExportFlags): Promise<number> {
  const table = flags.table as ExportTable;
  if (!(EXPORT_TABLES as readonly string[]).includes(table)) {
    throw new UsageError(
      `--table ${flags.table} is not a table of the store: use one of ${EXPORT_TABLES.join(", ")}.`,
      "--table",
    );
  }
  if (flags.format === "parquet" && !flags.out) {
    throw new UsageError("--format parquet needs --out FILE (a Parquet file is not a stream).", "--out");
  }
  const filters: ExportFilters = {
    ...(flags.platform ? { platform: flags.platform } : {}),
    ...(flags.since ? { since: flags.since } : {}),
    ...(flags.until ? { until: flags.until } : {}),
    ...(flags.runId ? { runId: flags.runId } : {}),
  };
  const content = table === "content_records" || table === "comments";
  const lines = new StderrLines(ctx.io.stderr);
  const store = await openDbStore(ctx.io, dbLocation(ctx.io, flags.db, { required: true })!);
  try {
    const batch = flags.batch ?? 2_000;
    const rows: AsyncIterable<Record<string, unknown>> = content
      ? (store.exportRecords(table, filters, { batch }) as AsyncIterable<Record<string, unknown>>)
      : store.exportRows(table, filters, { batch });
    const out = flags.out ? resolvePath(ctx.io.cwd, flags.out) : undefined;
    let count = 0;
    if (flags.format === "parquet") {
      await mkdir(dirname(out!), { recursive: true });
      count = await writeParquet(out!, content ? CONTENT_PARQUET : undefined, batched(rows, batch));
    } else {
      let encoder: ReturnType<typeof encoderFor<Record<string, unknown>>> | undefined;
      const encode = (first: Record<string, unknown>) =>
        encoderFor<Record<string, unknown>>(
          flags.format as "jsonl" | "csv",
          content ? CONTENT_COLUMNS.map(([name]) => name) : Object.keys(first),
        );
      const partial = out ? `${out}.partial` : undefined;
      if (partial) await mkdir(dirname(partial), { recursive: true });
      const file = partial ? createWriteStream(partial) : undefined;
      const sink = file ?? ctx.io.stdout;
      try {
        for await (const group of batched(rows, batch)) {
          encoder ??= encode(group[0]!);
          let text = count === 0 ? encoder.header() : "";
          for (const row of group) text += encoder.encode(row);
          count += group.length;
          await writeAll(sink, text);
        }
        if (count === 0 && content && flags.format === "csv") {
          await writeAll(sink, encode({}).header());
        }
        if (file) {
          file.end();
          await once(file, "close");
          await rename(partial!, out!);
        }
      } catch (error) {
        if (file) {
          file.destroy();
          await rm(partial!, { force: true });
        }
        throw error;
      }
    }
    lines.line(
      `exported ${formatCount(count)} rows of ${table} from ${store.location}${out ? ` to ${flags.out}` : ""}`,
    );
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
