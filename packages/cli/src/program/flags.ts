import type { ConditionFlags } from "./condition-flags.js";
import type { MachineFlags } from "./machine-options.js";
import type { Timeouts } from "./parsers.js";

/** Options every command accepts (they may stand before or after the subcommand). */
export interface GlobalFlags {
  stateDir?: string;
  dotenv?: string;
  verbose?: boolean;
  timeout?: Timeouts;
  maxResponseMb?: number;
}

export type OutputFormat = "jsonl" | "csv";

export interface OutputFlags {
  out?: string;
  format: OutputFormat;
}

export interface RunFlags extends OutputFlags, MachineFlags {
  runId?: string;
  /** --db: a directory (embedded PGlite) or a postgres:// URL; the flag alone means DATABASE_URL. */
  db?: string | boolean;
  /** --no-progress: false; --progress json: "json" (NDJSON events on stderr). */
  progress: boolean | "json";
}

export interface WindowFlags {
  since: string;
  until: string;
  language?: string[];
  max?: number;
  random?: boolean;
  windowDays?: number;
  /** With --language: drop records detected in it below this confidence. */
  languageMinConfidence?: number;
  /** Windows ending after today minus this many days are left for a later run. */
  ingestionLagDays?: number;
  /** The silent-zero alarm's canary term. */
  canary?: string;
  /** Every window exactly `windowDays` long (default: adaptive windows of at most `windowDays`). */
  fixedWindows?: boolean;
  /** Windows in flight at once (collect, actors). */
  concurrency?: number;
}

export interface TermsFlags extends WindowFlags {
  term?: string[];
  group?: string[];
  exclude?: string[];
  region?: string[];
}

export interface ActorsFlags extends WindowFlags {
  actor?: string[];
}

export type CollectFlags = TermsFlags & ConditionFlags & RunFlags & GlobalFlags;
export type ActorsCollectFlags = ActorsFlags & RunFlags & GlobalFlags;
export type EstimateFlags = TermsFlags & ActorsFlags & ConditionFlags & GlobalFlags & { json?: boolean };

export interface CommentsFlags extends RunFlags, GlobalFlags {
  video?: string[];
  in?: string;
  maxPerVideo?: number;
}

export interface UsersFlags extends RunFlags, GlobalFlags {}

export interface RelationsFlags extends RunFlags, GlobalFlags {
  max?: number;
}

export interface RefreshFlags extends GlobalFlags, MachineFlags {
  /** Required unless --db is given. */
  in?: string;
  db?: string | boolean;
  all?: boolean;
  deleteMissing?: boolean;
  out?: string;
  format: OutputFormat;
  /** --no-progress: false; --progress json: "json" (NDJSON events on stderr). */
  progress?: boolean | "json";
}

export interface ForgetFlags extends GlobalFlags {
  /** --in and --out are required unless --db is given. */
  in?: string;
  out?: string;
  db?: string | boolean;
  reason?: string;
}

export interface HealthFlags extends GlobalFlags {
  json?: boolean;
  probe?: boolean;
}

export interface QuotaFlags extends GlobalFlags {
  json?: boolean;
}
