import { existsSync, readFileSync } from "node:fs";

/** The IDs every worker committed for each query (worker files `${outPrefix}${w}-q${q}.ids`), duplicates kept. */
export function committedIds(outPrefix: string, workers: number, queries: number): string[][] {
  return Array.from({ length: queries }, (_, q) =>
    Array.from({ length: workers }, (_, w) => `${outPrefix}${w}-q${q}.ids`).flatMap((file) =>
      existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [],
    ),
  );
}

/** How many entries repeat an earlier one. */
export function duplicates(ids: readonly string[]): number {
  return ids.length - new Set(ids).size;
}

export const distinctSorted = (ids: readonly string[]): string[] => [...new Set(ids)].sort();

/** What an emulator's stats say was spent: research requests (all endpoints but the token one), tokens, quota. */
export interface EmulatorUse {
  research: number;
  tokens: number;
  /** The emulator's own quota count (research pool) for the client. */
  quotaRequests: number;
}

export interface EmulatorStatsLike {
  requests: { byEndpoint: Record<string, number> };
  tokenRequests: number;
  quota: Record<string, { research?: { requests: number } } | undefined>;
}

export function emulatorUse(stats: EmulatorStatsLike, clientKey: string): EmulatorUse {
  const research = Object.entries(stats.requests.byEndpoint)
    .filter(([endpoint]) => endpoint !== "oauth/token")
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    research,
    tokens: stats.tokenRequests,
    quotaRequests: stats.quota[clientKey]?.research?.requests ?? 0,
  };
}
