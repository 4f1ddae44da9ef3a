import type {
  CheckpointStore,
  Clock,
  LanguageDetector,
  Logger,
  Pseudonym,
  QuotaSnapshot,
} from "@observatory/arena-core";
import type { ResearchClient } from "../http/research-client.js";

/** What the Research API streams beyond video search need from the collector. */
export interface StreamDeps {
  client: ResearchClient;
  checkpoints: CheckpointStore;
  clock: Clock;
  logger: Logger;
  pseudonymize: (platform: string, author: string) => Pseudonym;
  keepAuthorHandles: boolean;
  /** The language detector, created on first use. */
  languageDetector: () => Promise<LanguageDetector>;
  quotaSnapshot: (pool: string) => Promise<QuotaSnapshot>;
}

/** A handle as stored: the plain handle for public figures or with keepAuthorHandles, else its pseudonym. */
export function storedHandle(deps: StreamDeps, username: string): { handle: string; pseudonymized: boolean } {
  const pseudonym = deps.pseudonymize("tiktok", username);
  const plain = deps.keepAuthorHandles || pseudonym.publicFigure;
  return { handle: plain ? username.toLowerCase() : pseudonym.id, pseudonymized: !plain };
}
