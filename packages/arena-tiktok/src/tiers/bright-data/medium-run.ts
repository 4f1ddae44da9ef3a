import {
  type CheckpointStore,
  type Clock,
  type CollectOptions,
  type ContentRecord,
  type LanguageDetector,
  type Logger,
  type Page,
  type PageSource,
  type Pseudonym,
  type RunResult,
  runCollection,
  type Sleep,
  throwIfAborted,
} from "@observatory/arena-core";
import { normalizeVideo } from "../../normalize/video-record.js";
import type { BrightDataClient, Download, DownloadOptions } from "./bright-data-client.js";
import { snapshotFailed, snapshotPending } from "./bright-data-error-table.js";
import type { ResolvedBrightDataOptions } from "./bright-data-options.js";
import { brightDataPostSchema, errorRecord, postToApiVideo } from "./bright-data-post.js";
import { excludeFilter, type MediumPartition } from "./medium-plan.js";

export interface MediumRunDeps {
  client: BrightDataClient;
  settings: ResolvedBrightDataOptions;
  checkpoints: CheckpointStore;
  clock: Clock;
  sleep: Sleep;
  logger: Logger;
  languageDetector: LanguageDetector;
  pseudonymize: (platform: string, author: string) => Pseudonym;
  keepAuthorHandles: boolean;
}

export interface MediumRunSpec {
  kind: "terms" | "actors";
  runId: string;
  fingerprint: string;
  partitions: MediumPartition[];
  since: Date;
  until: Date;
  maxResults?: number;
  languages?: readonly string[];
  exclude?: readonly string[];
  options: CollectOptions;
}

/** What a partition's checkpoint keeps: the snapshot, so a resume downloads it again instead of paying twice. */
interface SnapshotState {
  snapshotId?: string;
  /** Next part to download (batched downloads). */
  part?: number;
  parts?: number;
}

interface SnapshotPage extends Page<unknown> {
  snapshotId: string;
  part: number | undefined;
}

/**
 * The medium tier's run on the engine: one Bright Data collection per keyword or profile. Each
 * partition's checkpoint holds its snapshot_id from the moment the collection is triggered (before any
 * wait), so a crash, a break or an abort never triggers the same paid collection twice: a resume
 * downloads the finished snapshot again. A page is one snapshot download (the whole snapshot, or one
 * part of `batchSize` records); the checkpoint advances after every page. A video found by two
 * keywords is yielded once.
 */
export function runMediumCollection(
  deps: MediumRunDeps,
  spec: MediumRunSpec,
): AsyncGenerator<ContentRecord, RunResult> {
  const { clock, logger, client, settings } = deps;
  const languages = spec.languages?.length ? new Set(spec.languages) : undefined;
  const excluded = excludeFilter(spec.exclude);
  const seen = new Set<string>();
  const format: DownloadOptions = {
    format: settings.format,
    ...(settings.batchSize ? { batchSize: settings.batchSize } : {}),
  };
  const since = spec.since.getTime();
  const until = spec.until.getTime();
  const source: PageSource<MediumPartition, SnapshotPage, ContentRecord> = {
    async prepare({ task, data, signal }, save) {
      if ((data as SnapshotState | undefined)?.snapshotId) return;
      const partition = task.query;
      const snapshotId = await client.trigger(
        {
          dataset_id: settings.datasetId,
          include_errors: "true",
          type: "discover_new",
          discover_by: partition.discoverBy,
        },
        [partition.input],
        signal,
      );
      await save({ snapshotId });
      logger.info(`Bright Data collection triggered for ${partition.label}`, { snapshotId });
      await pause(deps, signal);
    },
    async fetchPage({ data, signal }) {
      const state = (data ?? {}) as SnapshotState;
      const snapshotId = state.snapshotId as string;
      const part = format.batchSize ? (state.part ?? 1) : undefined;
      const items = await readySnapshot(deps, snapshotId, { ...format, ...(part ? { part } : {}) }, signal);
      let parts = state.parts;
      const page: SnapshotPage = {
        items,
        next: {},
        done: true,
        snapshotId,
        part,
        settle: async () => {
          if (!part) return;
          parts ??= await client.parts(snapshotId, format, signal);
          page.done = part + 1 > parts;
        },
        data: () => ({ snapshotId, ...(part ? { part: part + 1, parts } : {}) }),
      };
      return page;
    },
    normalise(raw, _index, page, { task }) {
      const partition = task.query;
      const failed = errorRecord(raw);
      const parsed = failed ? undefined : brightDataPostSchema.safeParse(raw);
      if (!parsed?.success) {
        logger.warn(`skipped a Bright Data record of ${partition.label}`, {
          reason: failed ? (failed.code ?? failed.error) : parsed?.error.issues[0]?.message,
        });
        return undefined;
      }
      const video = postToApiVideo(parsed.data);
      const createdMs = video.create_time * 1000;
      const id = video.id as string;
      if (
        seen.has(id) ||
        !(createdMs >= since && createdMs < until) ||
        excluded(video.video_description ?? "", video.hashtag_names ?? [])
      ) {
        return undefined;
      }
      seen.add(id);
      const record = normalizeVideo(video, {
        collectedAt: clock.now(),
        tier: "medium",
        pseudonymize: deps.pseudonymize,
        keepAuthorHandles: deps.keepAuthorHandles,
        languageDetector: deps.languageDetector,
        matchTerms: () => partition.matched,
        metadata: {
          source: "bright_data",
          dataset_id: settings.datasetId,
          snapshot_id: page.snapshotId,
          discover_by: partition.discoverBy,
          ...(page.part ? { snapshot_part: page.part } : {}),
        },
      });
      if (languages && !(record.language && languages.has(record.language))) return undefined;
      return { key: id, id, value: record };
    },
  };
  return runCollection(deps, {
    kind: `medium-${spec.kind}`,
    runId: spec.runId,
    fingerprint: spec.fingerprint,
    options: spec.options,
    partitions: spec.partitions.map((p) => ({ label: p.label, query: p })),
    windows: [{ since: spec.since, until: spec.until }],
    split: false,
    ...(spec.maxResults === undefined ? {} : { maxResults: spec.maxResults }),
    unit: "Bright Data collection",
    source,
    requests: () => client.stats.requests,
    resumeHint: " (finished snapshots are downloaded again, not re-triggered)",
  });
}

async function pause(deps: MediumRunDeps, signal: AbortSignal | undefined): Promise<void> {
  try {
    await deps.sleep(deps.settings.pollIntervalMs, signal);
  } catch (error) {
    throwIfAborted(signal);
    throw error;
  }
}

/**
 * Downloads the snapshot (page); while Bright Data answers 202 "not ready", polls its progress
 * every `pollIntervalMs` until it is ready, failed, or `maxPolls` checks have passed.
 */
async function readySnapshot(
  deps: MediumRunDeps,
  snapshotId: string,
  format: DownloadOptions,
  signal: AbortSignal | undefined,
): Promise<AsyncIterable<unknown>> {
  const { client, settings } = deps;
  let download: Download = await client.download(snapshotId, format, signal);
  if (download.ready) return download.records;
  for (let poll = 1; poll <= settings.maxPolls; poll++) {
    const status = await client.progress(snapshotId, signal);
    if (status === "failed") throw snapshotFailed(snapshotId);
    if (status === "ready") {
      download = await client.download(snapshotId, format, signal);
      if (download.ready) return download.records;
    }
    await pause(deps, signal);
  }
  throw snapshotPending(snapshotId, settings.maxPolls);
}
