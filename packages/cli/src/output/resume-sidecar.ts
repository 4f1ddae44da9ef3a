import { randomUUID } from "node:crypto";
import { type Checkpoint, readJsonFile, writeFileAtomic } from "@observatory/arena-core";
import { z } from "zod";
import type { OutputFormat } from "../program/flags.js";

const checkpointSchema = z.object({
  runId: z.string(),
  partition: z.string(),
  cursor: z.string().optional(),
  searchId: z.string().optional(),
  done: z.boolean(),
  pages: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
  givenUp: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  updatedAt: z.string(),
});

/** Another output (file) that writes a share of the same run (workers with their own --out). */
export const outputRefSchema = z.object({ id: z.string(), path: z.string(), host: z.string() });
export type OutputRef = z.output<typeof outputRefSchema>;

const common = {
  runId: z.string(),
  format: z.enum(["jsonl", "csv"]),
  /** Bytes of the output that belong to committed pages. */
  offset: z.number().int().nonnegative(),
  /** platform_ids of the last committed page: skipped if the collector replays that page. */
  lastPageIds: z.array(z.string()),
  records: z.number().int().nonnegative(),
  languages: z.record(z.string(), z.number().int().nonnegative()),
  completed: z.boolean(),
  updatedAt: z.string(),
};

const sidecarV1Schema = z.object({ version: z.literal(1), ...common });

/**
 * Beside an output file, written atomically after every page: what the file holds. It is the truth
 * about the file, whatever a state store says: how many bytes are committed, an identity of the file
 * (a random id, and the length and SHA-256 of the last committed page's bytes, checked on open), the
 * run's checkpoints as far as this file is concerned (a resume continues from them), and the other
 * outputs of the run known at the last page (workers with their own files).
 */
export const sidecarSchema = z.object({
  version: z.literal(2),
  ...common,
  /** This file's identity in the run's shared state: checkpoints in a store name the file that holds them. */
  outputId: z.string(),
  /** The last committed page's bytes: they must still be in the file, ending at `offset`. */
  tail: z.object({ bytes: z.number().int().nonnegative(), sha256: z.string() }),
  /** Records the collector dropped because of `--language`, per detected language. */
  dropped: z.record(z.string(), z.number().int().nonnegative()),
  checkpoints: z.record(z.string(), checkpointSchema),
  outputs: z.array(outputRefSchema),
});

export type Sidecar = z.output<typeof sidecarSchema> & {
  /** Read from a version-1 sidecar, whose checkpoints lived only in the state store. */
  legacy?: boolean;
};

export type SidecarCheckpoint = Checkpoint;

export const sidecarPath = (outputPath: string) => `${outputPath}.resume.json`;

export async function readSidecar(outputPath: string): Promise<Sidecar | undefined> {
  const path = sidecarPath(outputPath);
  const raw = await readJsonFile<unknown>(path);
  if (raw === undefined) return undefined;
  const parsed = sidecarSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const v1 = sidecarV1Schema.safeParse(raw);
  if (v1.success) {
    // Written by an earlier version: the run's checkpoints are in the state store.
    return {
      ...v1.data,
      version: 2,
      outputId: randomUUID(),
      tail: { bytes: 0, sha256: "" },
      dropped: {},
      checkpoints: {},
      outputs: [],
      legacy: true,
    };
  }
  throw new Error(
    `${path} is not a resume file of this command; move it aside (and its output) to start over`,
  );
}

export function writeSidecar(outputPath: string, sidecar: Sidecar): Promise<void> {
  const { legacy: _legacy, ...stored } = sidecar;
  return writeFileAtomic(sidecarPath(outputPath), `${JSON.stringify(stored)}\n`);
}

export function emptySidecar(runId: string, format: OutputFormat, now: Date): Sidecar {
  return {
    version: 2,
    runId,
    format,
    outputId: randomUUID(),
    offset: 0,
    tail: { bytes: 0, sha256: "" },
    lastPageIds: [],
    records: 0,
    languages: {},
    dropped: {},
    completed: false,
    updatedAt: now.toISOString(),
    checkpoints: {},
    outputs: [],
  };
}
