import { fingerprint } from "./fingerprint.js";

/** The default runId: the same query gives the same runId, so re-running a command resumes it. */
export function deriveRunId(kind: string, query: unknown): string {
  return `tiktok-${kind}-${fingerprint(query, 12)}`;
}
