import { readFile } from "node:fs/promises";
import { COMPLIANCE_MAX_IDS, type ComplianceCategory } from "@observatory/arena-tiktok";
import { EXIT } from "../exit-codes.js";
import { readRecords } from "../input/read-records.js";
import { writeAll } from "../output/stdout-output.js";
import type { ActionContext } from "../program/build-program.js";
import { resolvePath } from "../resolve-path.js";
import { openTikTok } from "../runtime/open-tiktok.js";
import { UsageError } from "../usage-error.js";
import type { ComplianceCheckFlags } from "./commerce-flags.js";

const CATEGORIES = ["video", "comment"] as const;

export const COMPLIANCE_RESULTS_NOTE =
  "TikTok's batch compliance docs say nothing about how a task's results are delivered: keep the task IDs, " +
  "and re-collect the IDs (observatory tiktok refresh) to find what is gone until TikTok documents them.";

/**
 * `observatory tiktok compliance-check --in F [--category video|comment]`: submits the IDs of F to
 * TikTok's batch compliance API, 10,000 per task. F is a text file of IDs (one per line; --category
 * required) or records written by this command (JSONL or CSV: videos and comments go to tasks of their
 * own category). Prints one JSON line per task (task ID, category, IDs, status as TikTok answered it).
 */
export async function complianceCheckAction(
  ctx: ActionContext,
  flags: ComplianceCheckFlags,
): Promise<number> {
  if (!flags.in)
    throw new UsageError("--in is missing: give a file of video or comment IDs (or records).", "--in");
  const category = categoryFlag(flags.category);
  const groups = await idsOf(ctx, flags.in, category);
  const runtime = await openTikTok(ctx.io, flags);
  try {
    for (const [group, ids] of groups) {
      for (let start = 0; start < ids.length; start += COMPLIANCE_MAX_IDS) {
        const chunk = ids.slice(start, start + COMPLIANCE_MAX_IDS);
        const task = await runtime.collector.createComplianceTask(chunk, group);
        const status = await runtime.collector.complianceTaskStatus(task.taskId);
        await writeAll(
          ctx.io.stdout,
          `${JSON.stringify({ task_id: task.taskId, category: group, ids: task.ids, created_at: task.createdAt, status: status.status, status_raw: status.raw })}\n`,
        );
      }
    }
    ctx.io.stderr.write(`note: ${COMPLIANCE_RESULTS_NOTE}\n`);
    return EXIT.ok;
  } finally {
    await runtime.close();
  }
}

function categoryFlag(value: string | undefined): ComplianceCategory | undefined {
  if (value === undefined) return undefined;
  if (!(CATEGORIES as readonly string[]).includes(value)) {
    throw new UsageError(`--category ${JSON.stringify(value)}: use video or comment.`, "--category");
  }
  return value as ComplianceCategory;
}

const MAX_INT64 = 9_223_372_036_854_775_807n;
const isId = (s: string) => /^\d{1,19}$/.test(s) && BigInt(s) > 0n && BigInt(s) <= MAX_INT64;

/** The IDs of the file per category, de-duplicated, in file order. */
async function idsOf(
  ctx: ActionContext,
  file: string,
  category: ComplianceCategory | undefined,
): Promise<Map<ComplianceCategory, string[]>> {
  let text: string;
  try {
    text = await readFile(resolvePath(ctx.io.cwd, file), "utf8");
  } catch {
    throw new UsageError(`--in ${file}: cannot read the file; check the path.`, "--in");
  }
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) throw new UsageError(`--in ${file} is empty: give video or comment IDs.`, "--in");
  const plain = lines.every((l) => /^\d+$/.test(l));
  const groups = new Map<ComplianceCategory, string[]>();
  if (plain) {
    if (!category) {
      throw new UsageError(
        "--category is missing: say whether the IDs of --in are video or comment IDs.",
        "--category",
      );
    }
    const bad = lines.find((l) => !isId(l));
    if (bad)
      throw new UsageError(`--in ${file}: ${bad} is not a TikTok ID (a positive 64-bit integer).`, "--in");
    groups.set(category, [...new Set(lines)]);
    return groups;
  }
  for (const record of await readRecords(ctx.io.cwd, file)) {
    const kind = record.content_type;
    if (kind !== "video" && kind !== "comment") continue;
    if (category && kind !== category) continue;
    const list = groups.get(kind) ?? [];
    list.push(record.platform_id);
    groups.set(kind, list);
  }
  for (const [kind, list] of groups) groups.set(kind, [...new Set(list)]);
  if (groups.size === 0) {
    throw new UsageError(`--in ${file} holds no ${category ?? "video or comment"} records.`, "--in");
  }
  return groups;
}
