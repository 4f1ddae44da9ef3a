import { randomBytes } from "node:crypto";
import * as nodeFs from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ConfigError } from "../errors/arena-error.js";

/** The file operations atomic writes need; injectable to simulate a crash between write and rename. */
export interface AtomicFs {
  mkdir: typeof nodeFs.mkdir;
  open: typeof nodeFs.open;
  rename: typeof nodeFs.rename;
  readFile: typeof nodeFs.readFile;
  unlink: typeof nodeFs.unlink;
}

export const defaultAtomicFs: AtomicFs = nodeFs;

/**
 * Writes `path` so that a reader sees either the old content or the new, never a torn file: the data
 * go to a temporary file in the same directory, are fsynced, and are renamed over the target (rename is
 * atomic on POSIX). A process killed before the rename leaves the old file intact and a stray `.tmp`.
 */
export async function writeFileAtomic(
  path: string,
  data: string,
  options: { mode?: number; fs?: AtomicFs } = {},
): Promise<void> {
  const fs = options.fs ?? defaultAtomicFs;
  await fs.mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await fs.open(tmp, "w", options.mode ?? 0o644);
  try {
    try {
      await handle.writeFile(data, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (error) {
    // Whatever failed (a full disk, the rename), the target keeps its old content; drop the temp file.
    await fs.unlink(tmp).catch(() => undefined);
    throw error;
  }
}

/** Reads a JSON file; `undefined` when it does not exist. A corrupt file is a `ConfigError` naming the path. */
export async function readJsonFile<T>(path: string, fs: AtomicFs = defaultAtomicFs): Promise<T | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ConfigError(`The state file ${path} is not valid JSON: move it aside to start fresh.`, {
      field: "stateDir",
      details: { path },
    });
  }
}

/** Serialises async tasks: one at a time, in call order. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(task, task);
    this.#tail = next.catch(() => undefined);
    return next;
  }
}
