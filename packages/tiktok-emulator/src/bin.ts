#!/usr/bin/env node
import { runEmulatorCli } from "./cli.js";

runEmulatorCli(process.argv.slice(2)).then(
  (emulator) => {
    if (!emulator) return;
    const stop = () => {
      emulator.close().then(() => process.exit(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  },
  (error: unknown) => {
    process.stderr.write(`tiktok-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
