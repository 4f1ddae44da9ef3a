import { CONTENT_RECORD_FIELDS, type ContentRecord, writeFileAtomic } from "@observatory/arena-core";
import { EXIT } from "../exit-codes.js";
import { readRecords } from "../input/read-records.js";
import { resolveOutPath } from "../output/open-output.js";
import { encoderFor } from "../output/record-encoder.js";
import { writeAll } from "../output/stdout-output.js";
import type { ActionContext } from "../program/build-program.js";
import type { RefreshFlags } from "../program/flags.js";
import { createProgress } from "../progress/create-progress.js";
import { formatCount, formatDuration } from "../progress/format.js";
import { openTikTok } from "../runtime/open-tiktok.js";
import { StderrLines } from "../runtime/stderr-lines.js";
import { UsageError } from "../usage-error.js";

/**
 * `observatory tiktok refresh --in records.jsonl`: new engagement counts for records collected earlier.
 * The refreshed records are written in one atomic step (a file is never half-written).
 */
export async function refreshAction(
  ctx: ActionContext,
  flags: RefreshFlags & { progress?: boolean },
): Promise<number> {
  const { io } = ctx;
  const started = Date.now();
  const records = (await readRecords(io.cwd, flags.in)).filter((r) => r.content_type === "video");
  if (!records.length) throw new UsageError(`--in ${flags.in} holds no video records to refresh.`, "--in");
  const outPath = resolveOutPath(io.cwd, flags.out);
  if (outPath && outPath === resolveOutPath(io.cwd, flags.in)) {
    throw new UsageError(
      "--out must differ from --in: the records you refresh are kept as they were.",
      "--out",
    );
  }
  const lines = new StderrLines(io.stderr);
  const runtime = await openTikTok(io, flags, lines);
  try {
    const progress = await createProgress(lines, flags.progress !== false, "batches");
    let result: Awaited<ReturnType<typeof runtime.collector.refreshEngagement>>;
    try {
      result = await runtime.collector.refreshEngagement(records, {
        onProgress: (p) => progress.update(p, 0),
      });
    } finally {
      progress.stop();
    }
    const encoder = encoderFor<ContentRecord>(flags.format, CONTENT_RECORD_FIELDS);
    const text = encoder.header() + result.updated.map((r) => encoder.encode(r)).join("");
    if (outPath) await writeFileAtomic(outPath, text);
    else await writeAll(io.stdout, text);

    const rows: [string, string][] = [
      ["refreshed", `${formatCount(result.updated.length)} of ${formatCount(records.length)} videos`],
      [
        "missing",
        `${formatCount(result.missing.length)} (deleted, made private or out of reach)${sample(result.missing)}`,
      ],
      ["requests", formatCount(result.requests)],
    ];
    if (result.pending.length) {
      rows.push([
        "pending",
        `${formatCount(result.pending.length)} not refreshed${result.paused ? ` (quota spent; resumes at ${result.paused.resumeAt})` : ""}`,
      ]);
    }
    for (const failure of result.failures)
      rows.push(["failed", `a batch of ${failure.ids}: ${failure.reason}`]);
    if (runtime.config.mode === "demo") rows.push(["data", "SYNTHETIC (built-in emulator)"]);
    rows.push(["duration", formatDuration(Date.now() - started)]);
    rows.push(["output", outPath ?? "stdout"]);
    if (result.pending.length)
      rows.push([
        "again",
        "run the same command again (later, if the quota is spent): it refreshes every record of --in",
      ]);
    const width = Math.max(...rows.map(([k]) => k.length));
    lines.line("── summary ──");
    for (const [k, v] of rows) lines.line(`${k.padEnd(width)}  ${v}`);
    if (result.paused) return EXIT.quotaPaused;
    return result.failures.length || result.pending.length ? EXIT.failure : EXIT.ok;
  } finally {
    await runtime.close();
  }
}

const sample = (ids: readonly string[]) =>
  ids.length ? `: ${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", …" : ""}` : "";
