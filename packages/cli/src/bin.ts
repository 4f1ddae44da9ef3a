#!/usr/bin/env node
import { setFlagsFromString } from "node:v8";
import type { StopSignal } from "./cli-io.js";
import { runCli } from "./run-cli.js";
import { applyHeapPolicy } from "./runtime/heap-policy.js";

applyHeapPolicy(process.env, setFlagsFromString);

const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  onInterrupt(handler: (signal: StopSignal) => void) {
    // Listened to only while a command wants them: otherwise the signals end the process as usual.
    const onInt = () => handler("SIGINT");
    const onTerm = () => handler("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    return () => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
    };
  },
  exitNow(code: number): never {
    process.exit(code);
  },
};

// A reader that goes away (`| head`) makes writes fail with EPIPE: the write's callback reports it
// to the command, which stops; without a listener the stream's 'error' event would crash the process.
process.stdout.on("error", () => undefined);

void runCli(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
  // Every action closes what it opened; this only guards against a stray handle keeping the process up.
  setTimeout(() => process.exit(code), 3_000).unref();
});
