#!/usr/bin/env node
import { setFlagsFromString } from "node:v8";
import { runCli } from "./run-cli.js";
import { applyHeapPolicy } from "./runtime/heap-policy.js";

applyHeapPolicy(process.env, setFlagsFromString);

const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  onInterrupt(handler: () => void) {
    process.on("SIGINT", handler);
    return () => void process.off("SIGINT", handler);
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
