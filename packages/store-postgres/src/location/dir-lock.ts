import { open, readFile, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { StoreLockedError } from "../errors/store-errors.js";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * One process per embedded database (PGlite cannot share a directory): `path` holds the holder's pid
 * and host. A lock whose process is gone (kill -9) is taken over; a live holder's is a clear error.
 * Returns the release function.
 */
export async function lockDirectory(path: string, display: string): Promise<() => Promise<void>> {
  const me = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
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
      // Torn: its writer died while creating it.
    }
    if (typeof holder.pid === "number" && holder.host === me.host && alive(holder.pid)) {
      throw new StoreLockedError(
        `--db ${display} is open in another process (pid ${holder.pid}); an embedded database serves one process at a time: ` +
          "wait for it to finish, or use a PostgreSQL server (a postgres:// URL) for several processes.",
      );
    }
    if (holder.host !== undefined && holder.host !== me.host) {
      throw new StoreLockedError(
        `--db ${display} is locked by a process on ${holder.host}: if it is gone, delete ${path} and run again.`,
      );
    }
    await unlink(path).catch(() => undefined);
  }
  throw new StoreLockedError(`--db ${display}: could not take ${path}; another process keeps creating it.`);
}
