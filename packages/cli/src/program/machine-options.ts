import { type Command, Option } from "commander";
import { positiveInt } from "./parsers.js";

/**
 * The flags a host driving the CLI as a subprocess uses, on every collecting command (one group, so a
 * new command gets all of them with one call). Their output follows `machine/machine-schemas.ts`.
 */
export interface MachineFlags {
  /** --max-requests: requests this invocation may send; then it stops, resumable (exit 6). */
  maxRequests?: number;
  /** --dry-run: print the planned requests, send nothing. */
  dryRun?: boolean;
  /** --json: the final summary as one JSON object on stdout (records must go to --out or --db). */
  json?: boolean;
  /** --progress json (NDJSON events on stderr); --no-progress gives false; default true. */
  progress?: boolean | "json";
}

export const MACHINE_FLAG_HELP = {
  maxRequests:
    "send at most this many requests in this run, then stop resumably (exit 6); the same command goes on",
  dryRun: "print each planned request (JSON, one a line) and their count; send nothing",
  json: "print the final summary as one JSON object on stdout (needs --out or --db)",
  progress: "json: progress as NDJSON events on stderr, one object a line",
} as const;

/** Adds --max-requests, --dry-run, --json and --progress json (next to the command's --no-progress). */
export function machineOptions(cmd: Command): Command {
  return cmd
    .option("--max-requests <n>", MACHINE_FLAG_HELP.maxRequests, positiveInt)
    .option("--dry-run", MACHINE_FLAG_HELP.dryRun)
    .option("--json", MACHINE_FLAG_HELP.json)
    .addOption(new Option("--progress <mode>", MACHINE_FLAG_HELP.progress).choices(["json"]));
}
