import { EXIT, type ExitCode } from "./exit-codes.js";
import { UsageError } from "./usage-error.js";

interface ArenaLike {
  name: string;
  message: string;
  failureType: string;
  code?: string;
  resumeAt?: string;
}

const isArenaLike = (error: unknown): error is ArenaLike =>
  error instanceof Error && typeof (error as Partial<ArenaLike>).failureType === "string";

/**
 * The exit code and the one-line message for anything a command throws. Duck-typed on arena-core's
 * `failureType` so that this module (loaded for every command) does not load the arenas.
 */
export function exitForError(error: unknown): { code: ExitCode; message: string } {
  if (error instanceof UsageError) return { code: EXIT.usage, message: error.message };
  if (isArenaLike(error)) {
    if (error.name === "CollectionAbortedError" || error.code === "aborted") {
      return { code: EXIT.interrupted, message: error.message };
    }
    if (error.name === "QuotaExhaustedError") {
      return {
        code: EXIT.quotaPaused,
        message: `${error.message}${error.resumeAt ? ` (resumes at ${error.resumeAt})` : ""}`,
      };
    }
    if (error.failureType === "config") return { code: EXIT.usage, message: error.message };
    if (error.failureType === "auth") {
      return {
        code: EXIT.failure,
        message: `${error.message} — check TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET (and that the project is approved for the Research API).`,
      };
    }
    return { code: EXIT.failure, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: EXIT.failure, message: `unexpected failure: ${message}` };
}
