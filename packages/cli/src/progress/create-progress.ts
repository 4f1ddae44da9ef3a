import type { Progress } from "@observatory/arena-core";
import type { StderrLines } from "../runtime/stderr-lines.js";
import { PlainProgress } from "./plain-progress.js";
import type { ProgressView } from "./progress-view.js";

const silent: ProgressView = { update(_p: Progress, _w: number) {}, stop() {} };

/** A bar on a terminal, plain periodic lines otherwise, nothing with --no-progress. */
export async function createProgress(
  lines: StderrLines,
  enabled: boolean,
  unit = "windows",
): Promise<ProgressView> {
  if (!enabled) return silent;
  if (lines.sink.isTTY) {
    const [{ BarProgress }, cliProgress] = await Promise.all([
      import("./bar-progress.js"),
      import("cli-progress"),
    ]);
    return new BarProgress(cliProgress.default ?? cliProgress, lines.sink, lines, unit);
  }
  return new PlainProgress(lines, { unit });
}
