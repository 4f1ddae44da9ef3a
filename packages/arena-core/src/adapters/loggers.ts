import { SecretRegistry } from "../errors/redact.js";
import type { LogFields, Logger, LogLevel } from "../ports/logger.js";

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface JsonLoggerOptions {
  level?: LogLevel;
  /** Where lines go; default: process.stderr. */
  write?: (line: string) => void;
  secrets?: SecretRegistry;
  bindings?: LogFields;
  now?: () => number;
}

/** One JSON object per line, secrets redacted (registered values and well-known secret shapes). */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const min = LEVELS[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secrets = options.secrets ?? new SecretRegistry();
  const now = options.now ?? Date.now;
  const log = (level: LogLevel) => (message: string, fields?: LogFields) => {
    if (LEVELS[level] < min) return;
    const entry = {
      time: new Date(now()).toISOString(),
      level,
      msg: message,
      ...options.bindings,
      ...fields,
    };
    write(JSON.stringify(secrets.redactValue(entry)));
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

/** Wraps any logger so that every message and field passes through the redactor first. */
export function redactingLogger(inner: Logger, secrets: SecretRegistry): Logger {
  const wrap = (level: LogLevel) => (message: string, fields?: LogFields) =>
    inner[level](secrets.redact(message), fields && (secrets.redactValue(fields) as LogFields));
  return { debug: wrap("debug"), info: wrap("info"), warn: wrap("warn"), error: wrap("error") };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Keeps entries in memory; for tests (and secret scans). */
export class MemoryLogger implements Logger {
  readonly entries: { level: LogLevel; message: string; fields?: LogFields }[] = [];
  debug(message: string, fields?: LogFields) {
    this.entries.push({ level: "debug", message, fields });
  }
  info(message: string, fields?: LogFields) {
    this.entries.push({ level: "info", message, fields });
  }
  warn(message: string, fields?: LogFields) {
    this.entries.push({ level: "warn", message, fields });
  }
  error(message: string, fields?: LogFields) {
    this.entries.push({ level: "error", message, fields });
  }
  text(): string {
    return this.entries.map((e) => `${e.level} ${e.message} ${JSON.stringify(e.fields ?? {})}`).join("\n");
  }
}
