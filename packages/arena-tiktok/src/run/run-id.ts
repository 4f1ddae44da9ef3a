import { deriveRunId as runIdOf } from "@observatory/arena-core";

/** The default runId: the same query gives the same runId, so re-running a command resumes it. */
export function deriveRunId(kind: string, query: unknown): string {
  return runIdOf("tiktok", kind, query);
}
