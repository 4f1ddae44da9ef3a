import { mkdir, open, stat } from "node:fs/promises";
import { dirname } from "node:path";
import type { PageCommit } from "@observatory/arena-core";
import { UsageError } from "../usage-error.js";
import { lockOutput } from "./output-lock.js";
import type { RecordEncoder } from "./record-encoder.js";
import { languageKey, type OutputStats, type RecordOutput } from "./record-output.js";
import { emptySidecar, readSidecar, type Sidecar, sidecarPath, writeSidecar } from "./resume-sidecar.js";

export interface FileOutputOptions<T> {
  path: string;
  runId: string;
  encoder: RecordEncoder<T>;
  idOf: (record: T) => string;
  now?: () => Date;
}

/**
 * An output file that holds every record of a run exactly once, however often the run is killed and
 * resumed. Per page (the collector's `beforeCheckpoint`): write the page's records, fsync, then
 * atomically write the sidecar `{ offset, lastPageIds }`; only then does the collector save the page's
 * checkpoint. On open: truncate to the sidecar's offset (dropping an unconfirmed tail), and skip the
 * IDs of the last confirmed page should the collector replay it (killed between sidecar and checkpoint).
 */
export class FileOutput<T> implements RecordOutput<T> {
  readonly target: string;
  readonly stats: OutputStats;
  readonly resumed: boolean;
  readonly #handle: Awaited<ReturnType<typeof open>>;
  readonly #options: FileOutputOptions<T>;
  readonly #replay: Set<string>;
  readonly #sidecar: Sidecar;
  readonly #unlock: () => Promise<void>;
  #pending: string[] = [];
  #pendingLanguages: Record<string, number> = {};
  #closed = false;

  private constructor(
    options: FileOutputOptions<T>,
    handle: Awaited<ReturnType<typeof open>>,
    sidecar: Sidecar,
    resumed: boolean,
    unlock: () => Promise<void>,
  ) {
    this.#unlock = unlock;
    this.#options = options;
    this.#handle = handle;
    this.#sidecar = sidecar;
    this.target = options.path;
    this.resumed = resumed;
    this.#replay = new Set(sidecar.lastPageIds);
    this.stats = { written: 0, total: sidecar.records, replayed: 0, languages: { ...sidecar.languages } };
  }

  static async open<T>(options: FileOutputOptions<T>): Promise<FileOutput<T>> {
    await mkdir(dirname(options.path), { recursive: true });
    const unlock = await lockOutput(options.path);
    try {
      return await FileOutput.#open(options, unlock);
    } catch (error) {
      await unlock();
      throw error;
    }
  }

  static async #open<T>(options: FileOutputOptions<T>, unlock: () => Promise<void>): Promise<FileOutput<T>> {
    const { path, runId, encoder } = options;
    const now = options.now ?? (() => new Date());
    const saved = await readSidecar(path);
    const size = await stat(path).then(
      (s) => s.size,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return undefined;
        throw error;
      },
    );
    if (saved) {
      if (saved.runId !== runId) {
        throw new UsageError(
          `--out ${path} belongs to run ${saved.runId}: resume it with --run-id ${saved.runId} (and the same query), or choose another --out.`,
          "--out",
        );
      }
      if (saved.format !== encoder.format) {
        throw new UsageError(
          `--format ${encoder.format} does not match ${path}, which holds ${saved.format}: use --format ${saved.format} to resume it, or choose another --out.`,
          "--format",
        );
      }
      if ((size ?? 0) < saved.offset) {
        throw new UsageError(
          `--out ${path} is shorter than its last checkpoint (${size ?? 0} < ${saved.offset} bytes): it was changed outside this command. Move it and ${sidecarPath(path)} aside to start over.`,
          "--out",
        );
      }
    } else if (size !== undefined && size > 0) {
      throw new UsageError(
        `--out ${path} already exists and was not written by this command (no ${sidecarPath(path)}): choose another --out or move the file aside.`,
        "--out",
      );
    }
    const handle = await open(path, size === undefined ? "w+" : "r+");
    try {
      const sidecar = saved ?? emptySidecar(runId, encoder.format, now());
      // Drop whatever was written after the last confirmed page: its checkpoint was never saved, so
      // the collector will yield those records again.
      await handle.truncate(sidecar.offset);
      await handle.sync();
      if (!saved) await writeSidecar(path, sidecar);
      return new FileOutput(options, handle, sidecar, saved !== undefined, unlock);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  add(record: T): void {
    const id = this.#options.idOf(record);
    if (this.#replay.has(id)) {
      this.stats.replayed++;
      return;
    }
    this.#pending.push(this.#options.encoder.encode(record));
    const language = languageKey(record);
    this.#pendingLanguages[language] = (this.#pendingLanguages[language] ?? 0) + 1;
  }

  async commit(page: PageCommit): Promise<void> {
    const sidecar = this.#sidecar;
    const records = this.#pending.length;
    if (records > 0) {
      // CSV: the header goes only at the start of an empty file (never again on a resume).
      const text = (sidecar.offset === 0 ? this.#options.encoder.header() : "") + this.#pending.join("");
      const buffer = Buffer.from(text, "utf8");
      await this.#writeAt(buffer, sidecar.offset);
      await this.#handle.sync();
      sidecar.offset += buffer.length;
    }
    sidecar.records += records;
    for (const [language, n] of Object.entries(this.#pendingLanguages)) {
      sidecar.languages[language] = (sidecar.languages[language] ?? 0) + n;
    }
    sidecar.lastPageIds = [...page.ids];
    sidecar.updatedAt = (this.#options.now ?? (() => new Date()))().toISOString();
    await writeSidecar(this.#options.path, sidecar);
    this.#replay.clear();
    for (const id of page.ids) this.#replay.add(id);
    this.stats.written += records;
    this.stats.total = sidecar.records;
    this.stats.languages = { ...sidecar.languages };
    this.#pending = [];
    this.#pendingLanguages = {};
  }

  async #writeAt(buffer: Buffer, position: number): Promise<void> {
    let done = 0;
    while (done < buffer.length) {
      const { bytesWritten } = await this.#handle.write(buffer, done, buffer.length - done, position + done);
      done += bytesWritten;
    }
  }

  async close(outcome: { completed: boolean }): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      if (outcome.completed && !this.#sidecar.completed) {
        this.#sidecar.completed = true;
        this.#sidecar.updatedAt = (this.#options.now ?? (() => new Date()))().toISOString();
        await writeSidecar(this.#options.path, this.#sidecar);
      }
    } finally {
      await this.#handle.close();
      await this.#unlock();
    }
  }
}
