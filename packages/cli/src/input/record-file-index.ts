import { open } from "node:fs/promises";
import type { ContentRecord } from "@observatory/arena-core";
import { resolvePath } from "../resolve-path.js";
import { UsageError } from "../usage-error.js";
import { toContentRecord, validRecords } from "./read-records.js";
import { parseRecordText } from "./record-source.js";

export interface RecordFileIndexOptions {
  flag: string;
  /** Which records to index (every one is validated whatever it answers); `where` names it for errors. */
  select: (record: ContentRecord, where: string) => boolean;
}

/**
 * A file of records this command wrote, indexed by platform_id without holding the records: one
 * streamed pass validates every record (`validRecords`) and keeps, for each selected one, where
 * its bytes are and when it was published; `read(ids)` reads those records back from the file. Tens of
 * bytes per record instead of the ~3.7 KB of a parsed one, so `refresh --in` takes a file of any size.
 * A record given twice counts once, as its last occurrence (as when the records are held in memory).
 */
export class RecordFileIndex {
  readonly #path: string;
  readonly #file: string;
  readonly #flag: string;
  /** The CSV header's columns (set while indexing a CSV file). */
  #csvColumns: readonly string[] | undefined;
  readonly #slot = new Map<string, number>();
  readonly #offsets: number[] = [];
  readonly #bytes: number[] = [];
  /** Epoch ms, null for a record without published_at. */
  readonly #published: (number | null)[] = [];

  private constructor(path: string, file: string, flag: string) {
    this.#path = path;
    this.#file = file;
    this.#flag = flag;
  }

  static async open(cwd: string, file: string, options: RecordFileIndexOptions): Promise<RecordFileIndex> {
    const index = new RecordFileIndex(resolvePath(cwd, file), file, options.flag);
    for await (const { record, where, offset, bytes, csvColumns } of validRecords(cwd, file, options.flag)) {
      index.#csvColumns = csvColumns;
      if (options.select(record, where)) index.#add(record, offset, bytes);
    }
    return index;
  }

  #add(record: ContentRecord, offset: number, bytes: number): void {
    const id = record.platform_id;
    let slot = this.#slot.get(id);
    if (slot === undefined) {
      slot = this.#offsets.length;
      this.#slot.set(id, slot);
    }
    this.#offsets[slot] = offset;
    this.#bytes[slot] = bytes;
    this.#published[slot] = record.published_at ? Date.parse(record.published_at) : null;
  }

  /** How many distinct records were selected. */
  get size(): number {
    return this.#slot.size;
  }

  /** The selected records' platform_ids, in the order of the file. */
  ids(): string[] {
    return [...this.#slot.keys()];
  }

  /** The record's published_at (epoch ms; null when it has none), or undefined when it was not selected. */
  publishedAt(id: string): number | null | undefined {
    const slot = this.#slot.get(id);
    return slot === undefined ? undefined : (this.#published[slot] ?? null);
  }

  /** The records of these IDs, read back from the file (a `UsageError` when the file changed since). */
  async read(ids: readonly string[]): Promise<Map<string, ContentRecord>> {
    const slots = ids.flatMap((id) => {
      const slot = this.#slot.get(id);
      return slot === undefined ? [] : [{ id, slot }];
    });
    slots.sort((a, b) => this.#offsets[a.slot]! - this.#offsets[b.slot]!);
    const records = new Map<string, ContentRecord>();
    if (!slots.length) return records;
    const handle = await open(this.#path, "r");
    try {
      for (const { id, slot } of slots) {
        const offset = this.#offsets[slot]!;
        const buffer = Buffer.alloc(this.#bytes[slot]!);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        const where = `${this.#flag} ${this.#file} (byte ${offset})`;
        const changed = () =>
          new UsageError(
            `${where}: the file changed while it was being refreshed (video ${id} is no longer there); run the command again.`,
            this.#flag,
          );
        if (bytesRead !== buffer.length) throw changed();
        const text = buffer.toString("utf8");
        const value = parseRecordText(text, {
          ...(this.#csvColumns ? { csvColumns: this.#csvColumns } : {}),
          where,
          flag: this.#flag,
        });
        const record = toContentRecord(value, where, this.#flag);
        if (record.platform_id !== id) throw changed();
        records.set(id, record);
      }
    } finally {
      await handle.close();
    }
    return records;
  }
}
