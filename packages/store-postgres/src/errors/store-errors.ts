import { ArenaError, ConfigError } from "@observatory/arena-core";

/** The database's schema is newer than this code: upgrade the code, never a silent downgrade. */
export class SchemaTooNewError extends ConfigError {
  readonly databaseVersion: number;
  readonly codeVersion: number;
  constructor(location: string, databaseVersion: number, codeVersion: number) {
    super(
      `The database at ${location} has schema version ${databaseVersion}, newer than this code's ${codeVersion}: ` +
        "upgrade @observatory/store-postgres (the observatory CLI) before using it; nothing was changed.",
      { field: "--db", code: "schema_too_new" },
    );
    this.databaseVersion = databaseVersion;
    this.codeVersion = codeVersion;
  }
}

/** Another process holds the embedded database (PGlite serves one process per directory). */
export class StoreLockedError extends ConfigError {
  constructor(message: string) {
    super(message, { field: "--db", code: "store_locked" });
  }
}

/** The database could not be opened or reached: a wrong password, an unreachable server, a missing database. */
export class StoreConnectionError extends ConfigError {
  constructor(message: string, cause?: unknown) {
    super(message, { field: "--db", code: "store_connection", ...(cause ? { cause } : {}) });
  }
}

/**
 * A write failed on the database's side (a full disk, a permission, a lost connection). Nothing of the
 * failed transaction was committed: what was committed before it stays, and a resume continues from it.
 */
export class StoreWriteError extends ArenaError {
  constructor(message: string, options: { cause?: unknown; retryable: boolean }) {
    super(message, {
      failureType: options.retryable ? "transient" : "data",
      retryable: options.retryable,
      code: "store_write",
      ...(options.cause ? { cause: options.cause } : {}),
    });
  }
}
