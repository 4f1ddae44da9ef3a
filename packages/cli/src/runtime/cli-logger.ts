import type { LogFields, Logger, LogLevel } from "@observatory/arena-core";
import type { StderrLines } from "./stderr-lines.js";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function formatFields(fields: LogFields | undefined): string {
  if (!fields) return "";
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

/** The arenas' structured logs as readable stderr lines: warnings and errors, debug with --verbose. */
export function createCliLogger(lines: StderrLines, level: LogLevel): Logger {
  const log = (at: LogLevel) => (message: string, fields?: LogFields) => {
    if (RANK[at] < RANK[level]) return;
    const label = at === "info" ? "" : `${at === "warn" ? "warning" : at}: `;
    lines.line(`${label}${message}${formatFields(fields)}`);
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}
