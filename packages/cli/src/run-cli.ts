import { CommanderError } from "commander";
import type { CliIo } from "./cli-io.js";
import { EXIT } from "./exit-codes.js";
import { exitForError } from "./exit-for-error.js";
import { buildProgram } from "./program/build-program.js";
import { redactPatterns } from "./redact-patterns.js";

/**
 * Runs the `observatory` command with `argv` (without node and the script) and returns its exit code.
 * Data go to `io.stdout`, everything else (logs, progress, summaries, errors) to `io.stderr`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, argv, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed its message (and help) already.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const { code, message } = exitForError(error);
    io.stderr.write(`error: ${redactPatterns(message)}\n`);
    return code;
  }
}
