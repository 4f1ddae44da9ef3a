import { open, readFile, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { UsageError } from "../usage-error.js";

export const lockPath = (outputPath: string) => `${outputPath}.lock`;

/** True when a process with this id runs on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * One writer per output file: `<out>.lock` holds the writer's pid and host. A lock left by a process
 * that is gone (kill -9, a crash) is taken over; a live writer's is an error (exit 2). Returns the
 * release function.
 */
export async function lockOutput(outputPath: string): Promise<() => Promise<void>> {
  const path = lockPath(outputPath);
  const me = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(`${JSON.stringify(me)}\n`);
      await handle.close();
      return async () => {
        await unlink(path).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let holder: { pid?: number; host?: string } = {};
    try {
      holder = JSON.parse(await readFile(path, "utf8")) as typeof holder;
    } catch {
      // Torn or unreadable: its writer died while creating it.
    }
    if (typeof holder.pid === "number" && holder.host === me.host && alive(holder.pid)) {
      throw new UsageError(
        `--out ${outputPath} is being written by another observatory process (pid ${holder.pid}): wait for it, stop it, or choose another --out.`,
        "--out",
      );
    }
    if (holder.host !== undefined && holder.host !== me.host) {
      throw new UsageError(
        `--out ${outputPath} is locked by a process on ${holder.host}: if it is gone, delete ${path} and run again.`,
        "--out",
      );
    }
    await unlink(path).catch(() => undefined);
  }
  throw new UsageError(
    `--out ${outputPath}: could not take ${path}; another process keeps creating it.`,
    "--out",
  );
}
