import { StoreConnectionError, StoreWriteError } from "./store-errors.js";

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
};

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/** True for errors a retry on a fresh connection may cure: a restarted or unreachable server. */
export function isConnectionLoss(error: unknown): boolean {
  const code = codeOf(error);
  if (
    code &&
    (CONNECTION_CODES.has(code) ||
      code.startsWith("08") ||
      code === "57P01" ||
      code === "57P02" ||
      code === "57P03")
  ) {
    return true;
  }
  const message = error instanceof Error ? error.message : "";
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(
    message,
  );
}

/** The reason of an open/connect failure, in words that name the fix (never the password). */
export function connectionError(error: unknown, display: string, source: string): StoreConnectionError {
  const code = codeOf(error);
  const reason =
    code === "28P01" || code === "28000"
      ? "the server refused the user or password"
      : code === "3D000"
        ? "the database does not exist (create it, e.g. createdb, or name another)"
        : code === "ENOTFOUND" || code === "EAI_AGAIN"
          ? "the host name does not resolve"
          : code === "ECONNREFUSED"
            ? "nothing listens at that host and port"
            : isConnectionLoss(error)
              ? "the server could not be reached"
              : `${code ? `${code}: ` : ""}${error instanceof Error ? error.message : String(error)}`;
  return new StoreConnectionError(`${source} ${display}: cannot open the database: ${reason}.`, error);
}

/** A failed write as a typed error: transient (retry, resume) for a lost connection, else a data error. */
export function writeError(error: unknown, display: string): StoreWriteError {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const retryable = isConnectionLoss(error);
  const reason =
    code === "53100" || code === "ENOSPC" || /No space left|ENOSPC/i.test(message)
      ? "the disk is full"
      : code === "42501" ||
          code === "EACCES" ||
          code === "EROFS" ||
          /EACCES|EROFS|permission denied/i.test(message)
        ? "permission denied"
        : retryable
          ? "the connection to the server was lost"
          : message;
  return new StoreWriteError(
    `Writing to ${display} failed (${reason}); nothing of this page was committed, what was committed before is kept: ` +
      "fix the cause and run the same command again to resume.",
    { cause: error, retryable },
  );
}
