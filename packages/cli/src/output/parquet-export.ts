import { rename, rm } from "node:fs/promises";
import { fileWriter, ParquetWriter, schemaFromColumnData } from "hyparquet-writer";

/** A Parquet column's type: IDs and text are STRING, counts INT64, times TIMESTAMP (UTC ms), JSON as JSON text. */
export type ParquetColumnType = "STRING" | "INT64" | "DOUBLE" | "BOOLEAN" | "TIMESTAMP" | "JSON";

export interface ParquetColumn {
  name: string;
  type: ParquetColumnType;
}

const convert = (type: ParquetColumnType, value: unknown): unknown => {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "STRING":
      return typeof value === "string" ? value : JSON.stringify(value);
    case "INT64":
      return BigInt(value as number);
    case "DOUBLE":
      return Number(value);
    case "BOOLEAN":
      return Boolean(value);
    case "TIMESTAMP":
      return new Date(value as string);
    case "JSON":
      return JSON.stringify(value);
  }
};

/** Column types from a first batch of rows, for tables without a fixed list. */
export function inferColumns(rows: readonly Record<string, unknown>[]): ParquetColumn[] {
  const names = new Set<string>();
  for (const row of rows) for (const name of Object.keys(row)) names.add(name);
  return [...names].map((name) => {
    const values = rows.map((r) => r[name]).filter((v) => v !== null && v !== undefined);
    let type: ParquetColumnType = "STRING";
    if (values.length && values.every((v) => typeof v === "boolean")) type = "BOOLEAN";
    else if (values.length && values.every((v) => typeof v === "number" && Number.isInteger(v)))
      type = "INT64";
    else if (values.length && values.every((v) => typeof v === "number")) type = "DOUBLE";
    else if (values.some((v) => typeof v === "object")) type = "JSON";
    return { name, type };
  });
}

/**
 * Writes rows to a Parquet file a batch (one row group) at a time: memory holds one batch. Written to
 * `<path>.partial` and renamed into place at the end, so `path` is either whole or absent.
 */
export async function writeParquet(
  path: string,
  columns: ParquetColumn[] | undefined,
  batches: AsyncIterable<Record<string, unknown>[]>,
): Promise<number> {
  const partial = `${path}.partial`;
  let writer: ParquetWriter | undefined;
  let cols = columns;
  let rows = 0;
  try {
    for await (const batch of batches) {
      if (!batch.length) continue;
      cols ??= inferColumns(batch);
      const columnData = cols.map((c) => ({
        name: c.name,
        type: c.type,
        nullable: true,
        data: batch.map((row) => convert(c.type, row[c.name])),
      }));
      writer ??= new ParquetWriter({
        writer: fileWriter(partial),
        schema: schemaFromColumnData({ columnData }),
      });
      await writer.write({ columnData, rowGroupSize: batch.length });
      rows += batch.length;
    }
    if (!writer) {
      const columnData = (cols ?? [{ name: "empty", type: "STRING" as const }]).map((c) => ({
        name: c.name,
        type: c.type,
        nullable: true,
        data: [] as unknown[],
      }));
      writer = new ParquetWriter({
        writer: fileWriter(partial),
        schema: schemaFromColumnData({ columnData }),
      });
    }
    await writer.finish();
    await rename(partial, path);
    return rows;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
