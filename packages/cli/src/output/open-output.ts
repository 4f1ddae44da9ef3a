import type { CliIo } from "../cli-io.js";
import type { OutputFormat } from "../program/flags.js";
import { resolvePath } from "../resolve-path.js";
import { FileOutput } from "./file-output.js";
import { checkOutTarget, isStdoutAlias, outOpenError } from "./out-target.js";
import { encoderFor } from "./record-encoder.js";
import type { RecordOutput } from "./record-output.js";
import { StdoutOutput } from "./stdout-output.js";

/** The output file's absolute path, or undefined for stdout (no --out, `-`, or /dev/stdout). */
export const resolveOutPath = (cwd: string, out: string | undefined): string | undefined => {
  if (out === undefined || out === "-") return undefined;
  const path = resolvePath(cwd, out);
  return isStdoutAlias(path) ? undefined : path;
};

/** A file output (exactly once across resumes) with --out, else stdout. */
export async function openOutput<T>(
  io: CliIo,
  options: {
    out: string | undefined;
    format: OutputFormat;
    columns: readonly string[];
    runId: string;
    idOf: (record: T) => string;
  },
): Promise<RecordOutput<T>> {
  const encoder = encoderFor<T>(options.format, options.columns);
  const path = resolveOutPath(io.cwd, options.out);
  if (!path) return new StdoutOutput<T>(io.stdout, encoder);
  await checkOutTarget(path);
  try {
    return await FileOutput.open<T>({ path, runId: options.runId, encoder, idOf: options.idOf });
  } catch (error) {
    throw outOpenError(error, path);
  }
}
