import { EXIT } from "../exit-codes.js";
import type { ActionContext } from "../program/build-program.js";
import type { GlobalFlags } from "../program/flags.js";
import { UsageError } from "../usage-error.js";

export interface EmulatorFlags extends GlobalFlags {
  port: number;
  seed?: number;
  videos?: number;
  latencyMs?: number;
  faults?: string;
}

/** `observatory tiktok emulator`: delegates to the emulator package's own command; runs until Ctrl-C. */
export async function emulatorAction(ctx: ActionContext, flags: EmulatorFlags): Promise<number> {
  const { runEmulatorCli } = await import("@observatory/tiktok-emulator");
  const argv = ["--port", String(flags.port)];
  if (flags.seed !== undefined) argv.push("--seed", String(flags.seed));
  if (flags.videos !== undefined) argv.push("--videos", String(flags.videos));
  if (flags.latencyMs !== undefined) argv.push("--latency-ms", String(flags.latencyMs));
  if (flags.faults !== undefined) argv.push("--faults", flags.faults);
  if (flags.faults !== undefined) {
    try {
      JSON.parse(flags.faults);
    } catch {
      throw new UsageError(
        `--faults is not JSON: use e.g. --faults '{"internalErrorRate":0.05}'.`,
        "--faults",
      );
    }
  }
  const emulator = await runEmulatorCli(argv, { write: (text) => void ctx.io.stdout.write(text) }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        throw new UsageError(
          `--port ${flags.port} is in use: choose another --port (0 picks a free one).`,
          "--port",
        );
      }
      if (error instanceof RangeError) throw new UsageError(`emulator: ${error.message}`);
      throw error;
    },
  );
  if (!emulator) return EXIT.ok;
  ctx.io.stderr.write("SYNTHETIC DATA: this is the emulator, not TikTok. Ctrl-C stops it.\n");
  await new Promise<void>((resolve) => {
    const off = ctx.io.onInterrupt(() => {
      off();
      resolve();
    });
  });
  await emulator.close();
  ctx.io.stderr.write("emulator stopped\n");
  return EXIT.ok;
}
