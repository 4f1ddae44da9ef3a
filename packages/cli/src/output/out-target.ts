import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import { UsageError } from "../usage-error.js";

/** Names of the process's own stdout: `--out /dev/stdout` is stdout (no sidecar or lock beside it in /dev). */
const STDOUT_ALIASES = new Set(["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]);

export const isStdoutAlias = (path: string): boolean => STDOUT_ALIASES.has(path);

const KINDS: [keyof import("node:fs").Stats, string][] = [
  ["isCharacterDevice", "a character device"],
  ["isBlockDevice", "a block device"],
  ["isFIFO", "a named pipe"],
  ["isSocket", "a socket"],
  ["isDirectory", "a folder"],
];

/**
 * `--out` must be a regular file (or not exist yet): the output is truncated back to its last
 * checkpoint on resume and has a sidecar and a lock beside it, which a device (/dev/null, /dev/full),
 * a pipe or a folder cannot have. Anything else is a `UsageError` naming the path and the fix.
 */
export async function checkOutTarget(path: string, flag = "--out"): Promise<void> {
  const stats = await stat(path).catch(() => undefined);
  if (!stats || stats.isFile()) return;
  const kind = KINDS.find(([method]) => (stats[method] as () => boolean).call(stats))?.[1] ?? "not a file";
  throw new UsageError(
    `${flag} ${path} is ${kind}, not a regular file: an output must be a file (it is resumed and checked against its checkpoint). To stream the records, leave out ${flag} (they go to stdout); to discard them, write to a scratch file.`,
    flag,
  );
}

const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "not permitted",
  EROFS: "a read-only file system",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is spent",
  ENOTDIR: "a part of the path is not a folder",
  EISDIR: "it is a folder",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
};

/**
 * A file-system failure while opening `--out` (its folder, lock, sidecar or the file) as a
 * `UsageError` naming the path, the reason and the fix; anything else is returned as it is.
 */
export function outOpenError(error: unknown, path: string, flag = "--out"): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (typeof code !== "string" || !(code in REASONS)) return error;
  const where = (error as NodeJS.ErrnoException).path ?? path;
  return new UsageError(
    `${flag} ${path}: cannot write ${where} (${REASONS[code]}, ${code}): choose a folder this user can write, e.g. ${flag} ./${baseName(path)}.`,
    flag,
  );
}

const baseName = (path: string) => path.slice(dirname(path).length + 1) || "out.jsonl";
