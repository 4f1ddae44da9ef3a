/** A writable text stream: process.stdout / process.stderr, or a buffer in tests. */
export interface TextSink {
  write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean;
  once?(event: "drain", listener: () => void): unknown;
  /** Only a terminal has it: progress bars draw only there. */
  isTTY?: boolean;
  columns?: number;
}

/** Everything the command touches outside itself, injected (the bin passes the process's own). */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Subscribes to Ctrl-C (SIGINT) and SIGTERM; returns the unsubscribe. */
  onInterrupt(handler: (signal?: StopSignal) => void): () => void;
  /** Ends the process at once (second Ctrl-C). */
  exitNow(code: number): never;
}

/** The signals that stop a command gracefully (SIGTERM from a scheduler is Ctrl-C by another name). */
export type StopSignal = "SIGINT" | "SIGTERM";
