import { parseArgs } from "node:util";
import { type Emulator, startEmulator } from "./emulator.js";
import type { FaultOptions } from "./faults.js";
import { DEMO_CLIENT, type EmulatorOptions } from "./options.js";

export interface EmulatorCliIo {
  /** Where the banner goes (default process.stdout). */
  write?: (text: string) => void;
  /** Extra options merged under the flags (e.g. a clock for tests). */
  defaults?: EmulatorOptions;
}

export const EMULATOR_USAGE = `Usage: tiktok-emulator [options]

A local TikTok Research API with a seeded synthetic corpus.

Options:
  --port <n>          TCP port (default 8787; 0 picks a free port)
  --host <addr>       interface (default 127.0.0.1)
  --seed <n>          corpus and fault seed (default 42)
  --videos <n>        corpus size (default 30000)
  --latency-ms <n>    response time of every request (default 0)
  --faults <json>     fault options, e.g. '{"internalErrorRate":0.05}'
  -h, --help          show this help
`;

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`--${name} must be a non-negative integer`);
  return n;
}

/**
 * Parses `argv` (without node and script), starts the emulator and prints its URL and the demo
 * credentials. Returns the running emulator, or undefined after --help. Reused by the observatory CLI.
 */
export async function runEmulatorCli(
  argv: readonly string[],
  io: EmulatorCliIo = {},
): Promise<Emulator | undefined> {
  const write = io.write ?? ((text: string) => process.stdout.write(text));
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: "string" },
      host: { type: "string" },
      seed: { type: "string" },
      videos: { type: "string" },
      "latency-ms": { type: "string" },
      faults: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    write(EMULATOR_USAGE);
    return undefined;
  }
  const defaults = io.defaults ?? {};
  const videos = integer(values.videos, "videos");
  const options: EmulatorOptions = {
    ...defaults,
    port: integer(values.port, "port") ?? defaults.port ?? 8787,
    host: values.host ?? defaults.host,
    seed: integer(values.seed, "seed") ?? defaults.seed,
    latencyMs: integer(values["latency-ms"], "latency-ms") ?? defaults.latencyMs,
    corpus: videos === undefined ? defaults.corpus : { ...defaults.corpus, videos },
    faults: values.faults === undefined ? defaults.faults : (JSON.parse(values.faults) as FaultOptions),
  };
  const emulator = await startEmulator(options);
  const client = emulator.clients[0] ?? DEMO_CLIENT;
  const isDemo =
    client.clientKey === DEMO_CLIENT.clientKey && client.clientSecret === DEMO_CLIENT.clientSecret;
  write(
    [
      `TikTok Research API emulator listening on ${emulator.url}`,
      `  seed ${emulator.seed}, ${emulator.corpus.videoCount} videos, ${emulator.corpus.users.length} accounts`,
      `  token:  POST ${emulator.url}/v2/oauth/token/`,
      `  client_key:    ${client.clientKey}`,
      isDemo
        ? `  client_secret: ${client.clientSecret}   (demo credentials, not a secret)`
        : "  client_secret: (as configured; not printed)",
      "",
    ].join("\n"),
  );
  return emulator;
}
