import { CONTENT_RECORD_FIELDS, type ContentRecord } from "@observatory/arena-core";
import { deriveRunId, planLookupRequests } from "@observatory/arena-tiktok";
import type { ActionContext } from "../program/build-program.js";
import type { GlobalFlags, RunFlags } from "../program/flags.js";
import { parseVideoIdArgs, readIdsFile } from "../query/video-ids.js";
import { UsageError } from "../usage-error.js";
import { toLine } from "./collect-query.js";
import { runCollection } from "./run-collection.js";

export interface VideosFlags extends RunFlags, GlobalFlags {
  id?: string[];
  idsFile?: string;
}

/**
 * `observatory tiktok videos --id ID… | --ids-file F`: videos by ID as records (100 IDs a request,
 * `video_id IN`); the summary names the IDs that did not come back.
 */
export async function videosAction(ctx: ActionContext, flags: VideosFlags): Promise<number> {
  const ids = [
    ...new Set([
      ...parseVideoIdArgs(flags.id ?? [], "--id"),
      ...(flags.idsFile ? await readIdsFile(ctx.io.cwd, flags.idsFile) : []),
    ]),
  ];
  if (!ids.length) {
    throw new UsageError(
      flags.idsFile
        ? `--ids-file ${flags.idsFile} holds no video IDs: one ID per line.`
        : "--id is missing: give video IDs (--id 7412345678901234567, repeatable) or --ids-file ids.txt.",
      flags.idsFile ? "--ids-file" : "--id",
    );
  }
  return runCollection<ContentRecord>(ctx, {
    flags,
    command: "tiktok videos",
    deriveRunId: (target) => deriveRunId("video-lookup", { ids, ...target }),
    columns: CONTENT_RECORD_FIELDS,
    idOf: (record) => record.platform_id,
    hasLanguage: true,
    unit: "targets",
    plan: () => planLookupRequests(ids).map(toLine),
    stream: (collector, options) => collector.lookupVideos(ids, options),
  });
}
