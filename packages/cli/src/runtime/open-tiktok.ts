import { createHash } from "node:crypto";
import { type CheckpointStore, type Logger, SecretRegistry } from "@observatory/arena-core";
import { createTikTokCollector, type TikTokCollector } from "@observatory/arena-tiktok";
import type { RecordStore } from "@observatory/store-postgres";
import type { CliIo } from "../cli-io.js";
import { loadEnv } from "../config/load-env.js";
import { type CliConfig, resolveConfig } from "../config/resolve-config.js";
import { RequestBudgetLedger } from "../machine/request-budget.js";
import type { GlobalFlags } from "../program/flags.js";
import { redactPatterns } from "../redact-patterns.js";
import { createCliLogger } from "./cli-logger.js";
import { type DemoEmulator, startDemoEmulator } from "./demo-emulator.js";
import { openStatePorts, type StatePorts } from "./state-ports.js";
import { StderrLines } from "./stderr-lines.js";

export interface TikTokRuntime {
  config: CliConfig;
  collector: TikTokCollector;
  credentialId: string;
  state: StatePorts;
  lines: StderrLines;
  logger: Logger;
  /** --max-requests: the request budget in front of the quota ledger (it says whether it stopped the run). */
  budget?: RequestBudgetLedger;
  close(): Promise<void>;
}

/** Reads and validates the configuration (exit 2 on a problem) without opening anything. */
export function readConfig(io: CliIo, flags: GlobalFlags): CliConfig {
  const env = loadEnv(io.env, io.cwd, flags.dotenv);
  return resolveConfig(env, { cwd: io.cwd, stateDir: flags.stateDir });
}

/** Masks the configured secrets (and token-like patterns) in every line `lines` prints. */
export function redactConfiguredSecrets(lines: StderrLines, config: CliConfig): void {
  const secrets = new SecretRegistry();
  for (const secret of config.secrets) secrets.add(secret);
  lines.useRedactor((text) => redactPatterns(secrets.redact(text)));
}

/** The same credential id the quota ledger and token cache use across runs. */
export const credentialIdOf = (clientKey: string) =>
  `key-${createHash("sha256").update(clientKey).digest("hex").slice(0, 12)}`;

/**
 * Configuration → state ports → collector; with no credentials, the built-in emulator first.
 * `close()` releases all of it (Redis connections, the emulator).
 */
export async function openTikTok(
  io: CliIo,
  flags: GlobalFlags & {
    windowDays?: number;
    ingestionLagDays?: number;
    canary?: string;
    /** Every window exactly windowDays long (default: adaptive windows of at most windowDays, 30 unless given). */
    fixedWindows?: boolean;
    /** Video-query windows in flight at once. */
    concurrency?: number;
    workerId?: string;
    probe?: boolean;
    /** --max-requests: a request budget for this process, in front of the shared quota ledger. */
    maxRequests?: number;
    /** The checkpoints of a `--db` run (records and checkpoint in one transaction) instead of the state's. */
    checkpoints?: CheckpointStore;
    /** A `--db` store on a PostgreSQL server (Postgres-only deployments: quota and token there too). */
    serverStore?: RecordStore;
  },
  lines = new StderrLines(io.stderr),
  options: {
    /** Puts a store in front of the shared checkpoint store (e.g. the output's `OutputCheckpoints`). */
    checkpoints?: (shared: CheckpointStore, where: string) => CheckpointStore;
  } = {},
): Promise<TikTokRuntime> {
  const config = readConfig(io, flags);
  redactConfiguredSecrets(lines, config);
  const logger = createCliLogger(lines, flags.verbose ? "debug" : "warn");

  let demo: DemoEmulator | undefined;
  let state: StatePorts | undefined;
  try {
    if (config.mode === "demo") demo = await startDemoEmulator(lines);
    const credentials = config.credentials ?? demo!.credentials;
    const baseUrl = config.baseUrl ?? demo?.url;
    const credentialId = credentialIdOf(credentials.clientKey);
    state = await openStatePorts(config, {
      credentialId,
      logger,
      ...(flags.serverStore ? { serverStore: flags.serverStore } : {}),
    });
    const budget = flags.maxRequests ? new RequestBudgetLedger(state.quota, flags.maxRequests) : undefined;
    const collector = createTikTokCollector({
      credentials: { ...credentials, id: credentialId },
      pseudonymSalt: config.pseudonymSalt,
      ...(baseUrl ? { baseUrl } : {}),
      checkpoints: options.checkpoints
        ? options.checkpoints(flags.checkpoints ?? state.checkpoints, state.where)
        : (flags.checkpoints ?? state.checkpoints),
      quota: budget ?? state.quota,
      tokenCache: state.tokenCache,
      ...(state.limiter ? { limiter: state.limiter } : {}),
      logger,
      ...windowPlanOf(flags),
      ...(flags.ingestionLagDays === undefined ? {} : { ingestionLagDays: flags.ingestionLagDays }),
      ...(flags.canary ? { canary: flags.canary } : {}),
      ...(flags.workerId ? { workerId: flags.workerId } : {}),
      ...(config.dailyRequests ? { dailyRequests: config.dailyRequests } : {}),
      ...(flags.timeout?.connectMs ? { connectTimeoutMs: flags.timeout.connectMs } : {}),
      ...(flags.timeout?.headersMs ? { timeoutMs: flags.timeout.headersMs } : {}),
      ...(flags.timeout?.stallMs ? { stallTimeoutMs: flags.timeout.stallMs } : {}),
      ...(flags.timeout?.noticeMs !== undefined ? { slowRequestNoticeMs: flags.timeout.noticeMs } : {}),
      ...(flags.maxResponseMb ? { maxResponseBytes: flags.maxResponseMb * 1_048_576 } : {}),
      // `health --probe`: a probe now, even if one of this credential is recent.
      ...(flags.probe ? { healthProbeIntervalMs: 0 } : {}),
    });
    const opened = state;
    return {
      config,
      collector,
      credentialId,
      state: opened,
      lines,
      logger,
      ...(budget ? { budget } : {}),
      async close() {
        await opened.close();
        await demo?.close();
      },
    };
  } catch (error) {
    await state?.close().catch(() => undefined);
    await demo?.close().catch(() => undefined);
    throw error;
  }
}

/** The CLI plans adaptive windows of at most --window-days (30 unless given); --fixed-windows keeps them fixed (7 unless given). */
function windowPlanOf(flags: { windowDays?: number; fixedWindows?: boolean; concurrency?: number }) {
  return {
    windowPlan: flags.fixedWindows ? ("fixed" as const) : ("adaptive" as const),
    ...(flags.windowDays || !flags.fixedWindows ? { windowDays: flags.windowDays ?? 30 } : {}),
    ...(flags.concurrency && flags.concurrency > 1 ? { concurrency: flags.concurrency } : {}),
  };
}
