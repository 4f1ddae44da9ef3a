import { existsSync } from "node:fs";
import { type FileHandle, link, open, rm } from "node:fs/promises";
import { UsageError } from "../usage-error.js";
import { recordSource } from "./record-source.js";

export interface FilterCounts {
  /** Records (lines, or CSV rows after the header) read. */
  read: number;
  removed: number;
  written: number;
}

/** Decides one record: true keeps it. `where` names it in an error ("line 12"). */
export type KeepRecord = (record: Record<string, unknown>, where: string) => boolean;

const FLUSH_BYTES = 1 << 20;

/**
 * Copies a JSONL or CSV file of records (as this command writes them) to `outPath`, leaving out the
 * records `keep` rejects. Kept records are copied byte for byte (a JSONL line, a CSV row with its
 * quoting), so nothing else in the file changes; it streams, so a file of millions of records takes
 * flat memory. The output appears whole or not at all (a temporary file, synced, then linked to
 * `outPath`, which must not exist).
 */
export async function filterRecordFile(
  inPath: string,
  outPath: string,
  keep: KeepRecord,
  flags: { in: string; out: string; inName?: string } = { in: "--in", out: "--out" },
): Promise<FilterCounts> {
  const exists = (code: string | undefined) =>
    new UsageError(
      code === "EEXIST"
        ? `${flags.out} ${outPath} already exists: name a new file (the output is never written over another).`
        : `${flags.out} ${outPath}: cannot create it (${code ?? "error"}).`,
      flags.out,
    );
  if (existsSync(outPath)) throw exists("EEXIST");
  const temporary = `${outPath}.${process.pid}.partial`;
  const counts: FilterCounts = { read: 0, removed: 0, written: 0 };
  let out: FileHandle | undefined;
  try {
    try {
      out = await open(temporary, "w");
    } catch (error) {
      throw exists((error as NodeJS.ErrnoException).code);
    }
    let pending = "";
    const emit = async (text: string) => {
      pending += text;
      if (pending.length >= FLUSH_BYTES) {
        await out!.write(pending);
        pending = "";
      }
    };
    const decide = (record: unknown, where: string): boolean => {
      if (typeof record !== "object" || record === null || Array.isArray(record)) {
        throw new UsageError(
          `${flags.in} ${flags.inName ?? inPath} ${where}: not a record (a JSON object).`,
          flags.in,
        );
      }
      counts.read++;
      const kept = keep(record as Record<string, unknown>, where);
      if (kept) counts.written++;
      else counts.removed++;
      return kept;
    };
    for await (const entry of recordSource(inPath, {
      flag: flags.in,
      ...(flags.inName ? { name: flags.inName } : {}),
    })) {
      if (entry.kind === "header") await emit(entry.raw);
      else if (decide(entry.value(), entry.where)) await emit(entry.raw);
    }
    if (pending) await out.write(pending);
    await out.sync();
    await out.close();
    out = undefined;
    try {
      await link(temporary, outPath); // appears whole, and never replaces a file made meanwhile
    } catch (error) {
      throw exists((error as NodeJS.ErrnoException).code);
    }
    await rm(temporary, { force: true });
    return counts;
  } catch (error) {
    await out?.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}
