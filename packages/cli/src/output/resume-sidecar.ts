import { readJsonFile, writeFileAtomic } from "@observatory/arena-core";
import { z } from "zod";
import type { OutputFormat } from "../program/flags.js";

/**
 * Beside an output file: how many of its bytes are confirmed (their page is checkpointed, or about to
 * be) and which IDs the last confirmed page held. Written atomically after every page.
 */
export const sidecarSchema = z.object({
  version: z.literal(1),
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
});

export type Sidecar = z.output<typeof sidecarSchema>;

export const sidecarPath = (outputPath: string) => `${outputPath}.resume.json`;

export async function readSidecar(outputPath: string): Promise<Sidecar | undefined> {
  const path = sidecarPath(outputPath);
  const raw = await readJsonFile<unknown>(path);
  if (raw === undefined) return undefined;
  const parsed = sidecarSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `${path} is not a resume file of this command; move it aside (and its output) to start over`,
    );
  }
  return parsed.data;
}

export function writeSidecar(outputPath: string, sidecar: Sidecar): Promise<void> {
  return writeFileAtomic(sidecarPath(outputPath), `${JSON.stringify(sidecar)}\n`);
}

export function emptySidecar(runId: string, format: OutputFormat, now: Date): Sidecar {
  return {
    version: 1,
    runId,
    format,
    offset: 0,
    lastPageIds: [],
    records: 0,
    languages: {},
    completed: false,
    updatedAt: now.toISOString(),
  };
}
