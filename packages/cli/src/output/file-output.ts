import { createHash } from "node:crypto";
import { mkdir, open, stat } from "node:fs/promises";
import { dirname } from "node:path";
import type { Checkpoint, PageCommit } from "@observatory/arena-core";
import { UsageError } from "../usage-error.js";
import { lockOutput } from "./output-lock.js";
import type { RecordEncoder } from "./record-encoder.js";
import { languageKey, type OutputStats, type RecordOutput } from "./record-output.js";
import {
  emptySidecar,
  type OutputRef,
  readSidecar,
  type Sidecar,
  sidecarPath,
  writeSidecar,
} from "./resume-sidecar.js";

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
 * atomically write the sidecar `{ offset, lastPageIds, … }`; only then does the collector save the
 * page's checkpoint. With `keepCheckpoints()` (an `OutputCheckpoints` store in front of the state
 * store) the sidecar write waits for the page's checkpoint and carries it: records and checkpoint are
 * committed by one atomic write, and the file is the authority on what it holds. On open: check that
 * the file still ends with the last committed page, truncate to the sidecar's offset (dropping an
 * unconfirmed tail), and skip the IDs of the last confirmed page should the collector replay it.
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
  /** Sidecar changes not yet written (records committed while the checkpoint is awaited). */
  #dirty = false;
  /** The checkpoint store writes the sidecar (with the page's checkpoint), not `commit`. */
  #deferred = false;
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
    this.stats = {
      written: 0,
      total: sidecar.records,
      replayed: 0,
      languages: { ...sidecar.languages },
      dropped: { ...sidecar.dropped },
    };
  }

  /** This file's identity in the run's shared state. */
  get outputId(): string {
    return this.#sidecar.outputId;
  }

  /** The sidecar came from an earlier version, whose checkpoints lived only in the state store. */
  get legacy(): boolean {
    return this.#sidecar.legacy === true;
  }

  /** The file holds committed pages of its run (a checkpoint, or bytes). */
  get holdsPages(): boolean {
    return this.#sidecar.offset > 0 || Object.values(this.#sidecar.checkpoints).some((c) => c.pages > 0);
  }

  /** The other outputs of the run known at the last page. */
  get knownOutputs(): readonly OutputRef[] {
    return this.#sidecar.outputs;
  }

  checkpoint(partition: string): Checkpoint | undefined {
    const saved = this.#sidecar.checkpoints[partition];
    return saved ? structuredClone(saved) : undefined;
  }

  checkpoints(): Checkpoint[] {
    return Object.values(this.#sidecar.checkpoints).map((c) => structuredClone(c));
  }

  /** From now on the sidecar is written with each checkpoint (`saveCheckpoints`), not by `commit`. */
  keepCheckpoints(): void {
    this.#deferred = true;
  }

  /**
   * Writes the sidecar with these checkpoints (and the records committed since the last write): one
   * atomic write, so the file's bytes and the checkpoints that describe them never disagree.
   */
  async saveCheckpoints(checkpoints: readonly Checkpoint[], outputs?: readonly OutputRef[]): Promise<void> {
    for (const checkpoint of checkpoints) {
      this.#sidecar.checkpoints[checkpoint.partition] = structuredClone(checkpoint);
    }
    if (outputs) this.#sidecar.outputs = [...outputs];
    this.#sidecar.updatedAt = (this.#options.now ?? (() => new Date()))().toISOString();
    await writeSidecar(this.#options.path, this.#sidecar);
    this.#dirty = false;
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
      if (!(await endsWithTail(path, saved))) {
        throw new UsageError(
          `--out ${path} does not hold the last page its ${sidecarPath(path)} describes: it was changed or replaced outside this command. Move both aside to start over.`,
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
      sidecar.tail = { bytes: buffer.length, sha256: createHash("sha256").update(buffer).digest("hex") };
    }
    sidecar.records += records;
    for (const [language, n] of Object.entries(this.#pendingLanguages)) {
      sidecar.languages[language] = (sidecar.languages[language] ?? 0) + n;
    }
    for (const [language, n] of Object.entries(page.dropped ?? {})) {
      sidecar.dropped[language] = (sidecar.dropped[language] ?? 0) + n;
    }
    sidecar.lastPageIds = [...page.ids];
    sidecar.updatedAt = (this.#options.now ?? (() => new Date()))().toISOString();
    if (this.#deferred) this.#dirty = true;
    else await writeSidecar(this.#options.path, sidecar);
    this.#replay.clear();
    for (const id of page.ids) this.#replay.add(id);
    this.stats.written += records;
    this.stats.total = sidecar.records;
    this.stats.languages = { ...sidecar.languages };
    this.stats.dropped = { ...sidecar.dropped };
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
      // Records committed without a checkpoint after them (a run that ends at --max) are kept when the
      // run completed; otherwise they are beyond the sidecar's offset and collected again on resume.
      if (outcome.completed && (!this.#sidecar.completed || this.#dirty)) {
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

/** True when the file's bytes before the sidecar's offset end with the last committed page's. */
async function endsWithTail(path: string, sidecar: Sidecar): Promise<boolean> {
  const { bytes, sha256 } = sidecar.tail;
  if (bytes === 0 || bytes > sidecar.offset) return true;
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    let read = 0;
    while (read < bytes) {
      const { bytesRead } = await handle.read(buffer, read, bytes - read, sidecar.offset - bytes + read);
      if (bytesRead === 0) return false;
      read += bytesRead;
    }
    return createHash("sha256").update(buffer).digest("hex") === sha256;
  } finally {
    await handle.close();
  }
}
