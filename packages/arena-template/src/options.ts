import type { CheckpointStore, Clock, LanguageDetector, Logger, Sleep } from "@observatory/arena-core";
import { z } from "zod";

// REPLACE: the platform's own settings (credentials, page size, window length). Every option is
// validated here, so a bad one is a ConfigError naming the field before any request.
export const exampleOptionsSchema = z.object({
  /** REPLACE: the platform's API root. */
  baseUrl: z.string().url().default("https://api.example.org"),
  /** REPLACE: the platform's credential (registered as a secret: never logged). */
  apiKey: z.string().min(8, "apiKey needs at least 8 characters"),
  /** The host's salt for pseudonymised authors (≥ 16 characters). */
  pseudonymSalt: z.string().min(16, "pseudonymSalt needs at least 16 characters"),
  /** Days per date window: a partition × window is one job of a queue. */
  windowDays: z.number().int().min(1).max(30).default(7),
  /** Items per page. */
  pageSize: z.number().int().min(1).max(100).default(50),
  /** Attempts per request, the first included. */
  maxAttempts: z.number().int().min(1).max(10).default(4),
  fetch: z.custom<typeof globalThis.fetch>((v) => typeof v === "function").optional(),
  checkpoints: z.custom<CheckpointStore>((v) => typeof v === "object" && v !== null).optional(),
  clock: z.custom<Clock>((v) => typeof v === "object" && v !== null).optional(),
  sleep: z.custom<Sleep>((v) => typeof v === "function").optional(),
  logger: z.custom<Logger>((v) => typeof v === "object" && v !== null).optional(),
  languageDetector: z.custom<LanguageDetector>((v) => typeof v === "object" && v !== null).optional(),
});

export type ExampleCollectorOptions = z.input<typeof exampleOptionsSchema>;
export type ResolvedExampleOptions = z.output<typeof exampleOptionsSchema>;
