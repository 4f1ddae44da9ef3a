import {
  type CheckpointStore,
  type Clock,
  type CollectOptions,
  type ContentRecord,
  isArenaError,
  type LanguageDetector,
  type Logger,
  type Pseudonym,
  type Sleep,
  TransientError,
  UpstreamError,
  type WindowRef,
} from "@observatory/arena-core";
import { throwIfAborted } from "../../http/research-client.js";
import { normalizeVideo } from "../../normalize/video-record.js";
import { countFinishedWindows } from "../../run/finished-windows.js";
import { partitionCheckpoint } from "../../run/partition-checkpoint.js";
import { encodeWindow, loadPlan, partitionKey, savePlan } from "../../run/run-plan.js";
import { RunTracker } from "../../run/run-tracker.js";
import type { BrightDataClient, Download, DownloadOptions } from "./bright-data-client.js";
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

/**
 * The medium tier's run: one Bright Data collection per keyword or profile. Each partition's
 * checkpoint holds its snapshot_id from the moment the collection is triggered (before any wait), so
 * a crash, a break or an abort never triggers the same paid collection twice: a resume downloads the
 * finished snapshot again. A page is one snapshot download (the whole snapshot, or one part of
 * `batchSize` records); the checkpoint advances after every page.
 */
export async function* runMediumCollection(
  deps: MediumRunDeps,
  spec: MediumRunSpec,
): AsyncGenerator<ContentRecord> {
  const { checkpoints, clock, logger, client, settings } = deps;
  const { runId, options } = spec;
  const window = encodeWindow({ since: spec.since, until: spec.until });
  const plan = await loadPlan(checkpoints, runId, () => ({
    kind: `medium-${spec.kind}`,
    fingerprint: spec.fingerprint,
    parts: spec.partitions.map((p) => ({ label: p.label, windows: [window] })),
    records: 0,
  }));
  const tracker = new RunTracker({
    runId,
    options,
    requests: () => client.stats.requests,
    windowsTotal: spec.partitions.length,
    logger,
    unit: "Bright Data collection",
  });
  const { progress } = tracker;

  if (plan.completed) {
    progress.windowsDone = await countFinishedWindows(checkpoints, runId, plan);
    await tracker.emit("completed");
    return;
  }
  const languages = spec.languages?.length ? new Set(spec.languages) : undefined;
  const excluded = excludeFilter(spec.exclude);
  const seen = new Set<string>();
  const format: DownloadOptions = {
    format: settings.format,
    ...(settings.batchSize ? { batchSize: settings.batchSize } : {}),
  };

  try {
    for (const partition of spec.partitions) {
      const key = partitionKey(partition.label, window);
      const ref: WindowRef = {
        partition: partition.label,
        since: spec.since.toISOString(),
        until: spec.until.toISOString(),
      };
      const saved = await checkpoints.get(runId, key);
      if (saved?.done) {
        progress.windowsDone++;
        continue;
      }
      progress.window = ref;
      const checkpoint = partitionCheckpoint(saved, runId, key);
      const state = (checkpoint.data ?? {}) as SnapshotState;
      const put = async () => {
        checkpoint.data = { ...state };
        checkpoint.updatedAt = new Date(clock.now()).toISOString();
        await checkpoints.put(checkpoint);
      };
      try {
        if (!state.snapshotId) {
          state.snapshotId = await client.trigger(
            {
              dataset_id: settings.datasetId,
              include_errors: "true",
              type: "discover_new",
              discover_by: partition.discoverBy,
            },
            [partition.input],
            options.signal,
          );
          await put();
          logger.info(`Bright Data collection triggered for ${partition.label}`, {
            snapshotId: state.snapshotId,
          });
          await pause(deps, options.signal);
        }
        while (!checkpoint.done) {
          const part = format.batchSize ? (state.part ?? 1) : undefined;
          const download = await readySnapshot(
            deps,
            state.snapshotId,
            { ...format, ...(part ? { part } : {}) },
            options.signal,
          );
          const ids: string[] = [];
          for await (const raw of download) {
            const failed = errorRecord(raw);
            const parsed = failed ? undefined : brightDataPostSchema.safeParse(raw);
            if (!parsed?.success) {
              progress.skipped++;
              logger.warn(`skipped a Bright Data record of ${partition.label}`, {
                reason: failed ? (failed.code ?? failed.error) : parsed?.error.issues[0]?.message,
              });
              continue;
            }
            const video = postToApiVideo(parsed.data);
            const createdMs = video.create_time * 1000;
            const id = video.id as string;
            if (
              seen.has(id) ||
              !(createdMs >= spec.since.getTime() && createdMs < spec.until.getTime()) ||
              excluded(video.video_description ?? "", video.hashtag_names ?? [])
            ) {
              progress.skipped++;
              continue;
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
                snapshot_id: state.snapshotId,
                discover_by: partition.discoverBy,
                ...(part ? { snapshot_part: part } : {}),
              },
            });
            if (languages && !(record.language && languages.has(record.language))) {
              progress.skipped++;
              continue;
            }
            ids.push(id);
            progress.records++;
            plan.records++;
            yield record;
            throwIfAborted(options.signal);
            if (spec.maxResults !== undefined && plan.records >= spec.maxResults) {
              plan.completed = true;
              plan.limitReached = true;
              await options.beforeCheckpoint?.({ runId, partition: key, ids, done: true });
              await savePlan(checkpoints, runId, plan, clock.now());
              await tracker.emit("completed");
              return;
            }
          }
          checkpoint.pages++;
          checkpoint.records += ids.length;
          if (part) {
            state.parts ??= await client.parts(state.snapshotId, format, options.signal);
            state.part = part + 1;
            checkpoint.done = state.part > state.parts;
          } else {
            checkpoint.done = true;
          }
          await options.beforeCheckpoint?.({ runId, partition: key, ids, done: checkpoint.done });
          await put();
          if (checkpoint.done) progress.windowsDone++;
          await tracker.emit("running");
          throwIfAborted(options.signal);
        }
      } catch (error) {
        if (!isArenaError(error) || error.code === "aborted") throw error;
        const lost = error.code === "snapshot_gone" || error.code === "snapshot_failed";
        if (!lost && error.failureType !== "transient") throw error;
        if (lost) {
          // The snapshot cannot be downloaded: a resume has to trigger (and pay for) a new collection.
          delete state.snapshotId;
          delete state.part;
          delete state.parts;
        }
        checkpoint.givenUp = error.message;
        await put();
        await tracker.giveUp(ref, error.message);
      }
    }
  } catch (error) {
    await savePlan(checkpoints, runId, plan, clock.now()).catch(() => undefined);
    await tracker.fail(error);
  }

  if (progress.givenUp.length) {
    await savePlan(checkpoints, runId, plan, clock.now());
    await tracker.finish(" (finished snapshots are downloaded again, not re-triggered)");
  }
  plan.completed = true;
  await savePlan(checkpoints, runId, plan, clock.now());
  await tracker.finish();
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
    if (status === "failed") {
      throw new UpstreamError(`Bright Data reports that collection ${snapshotId} failed`, {
        code: "snapshot_failed",
      });
    }
    if (status === "ready") {
      download = await client.download(snapshotId, format, signal);
      if (download.ready) return download.records;
    }
    await pause(deps, signal);
  }
  throw new TransientError(
    `Bright Data collection ${snapshotId} was still running after ${settings.maxPolls} progress checks; ` +
      "a resume with the same runId keeps waiting for the same snapshot",
    { code: "snapshot_pending" },
  );
}
