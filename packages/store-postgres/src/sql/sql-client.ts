/** The one thing the store asks of a database: parameterised queries and transactions. */
export interface SqlQueryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A transaction's connection: queries, and (on a server) COPY of many rows in one round trip. */
export interface SqlTransaction extends SqlQueryable {
  /**
   * `COPY table (columns) FROM STDIN` with `text` in COPY's text format (`copy-text.ts`): the server's
   * fastest way to take rows in. Present on a server only: PGlite's COPY (from `/dev/blob`) made the
   * process grow twice as fast as a JSON parameter while storing (+42 vs +20 MB over 45,000 records).
   */
  copyFrom?(table: string, columns: readonly string[], text: string): Promise<void>;
}

export interface SqlClient extends SqlQueryable {
  /** "pglite" (embedded, one process per directory) or "postgres" (a server through pg). */
  readonly backend: "pglite" | "postgres";
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /**
   * Takes the session-level advisory lock `(hashtext(name), n)` on a connection held until `release`
   * (or until the process dies: the server then frees it); undefined when another session holds it.
   */
  tryHoldLock(name: string, n: number): Promise<(() => Promise<void>) | undefined>;
  close(): Promise<void>;
}
