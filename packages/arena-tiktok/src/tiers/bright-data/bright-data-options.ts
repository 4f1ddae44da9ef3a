import { z } from "zod";

/** Bright Data's "TikTok - Posts" scraper (discover by keyword or by profile URL). */
export const TIKTOK_POSTS_DATASET = "gd_lu702nij2f790tmv9h";
export const BRIGHT_DATA_BASE_URL = "https://api.brightdata.com";

/** The `brightData` option: the medium tier, Bright Data's Datasets API v3 (trigger → progress → snapshot). */
export const brightDataOptionsSchema = z
  .object({
    /** The account's API key, sent as a Bearer token; a secret, never logged. */
    apiKey: z
      .string()
      .min(8, "set the Bright Data API key (account settings → API keys)")
      // It goes into an HTTP header: a space, control or non-ASCII character (a paste gone wrong) would
      // make every request fail in fetch itself.
      .regex(
        /^[\x21-\x7e]+$/,
        "has a space, control or non-ASCII character: paste the key exactly as Bright Data shows it",
      ),
    datasetId: z
      .string()
      .regex(/^gd_[a-z0-9]+$/, "a Bright Data dataset ID such as gd_lu702nij2f790tmv9h")
      .default(TIKTOK_POSTS_DATASET),
    baseUrl: z
      .string()
      .url("a URL such as https://api.brightdata.com")
      .default(BRIGHT_DATA_BASE_URL)
      .transform((u) => u.replace(/\/+$/, "")),
    /** Wait between progress checks while a collection runs (Bright Data suggests 10 s). */
    pollIntervalMs: z.number().int().min(0).default(10_000),
    /** Progress checks per snapshot before the partition is given up for now (a resume keeps polling it). */
    maxPolls: z.number().int().min(1).default(360),
    /** `num_of_posts` per keyword or profile when the query has no maxResults. */
    postsPerInput: z.number().int().min(1).max(100_000).default(1_000),
    /** Download snapshots in parts of this many records (Bright Data's `batch_size`, at least 1,000): each part is a page. */
    batchSize: z.number().int().min(1_000, "Bright Data's batch_size is at least 1,000").optional(),
    /** Snapshot format asked for: NDJSON streams record by record; JSON is one array. Both are read. */
    format: z.enum(["ndjson", "json"]).default("ndjson"),
    /** USD per 1,000 records, for estimateCost. */
    pricePerThousand: z.number().min(0).default(1),
  })
  .strict();

export type BrightDataOptions = z.input<typeof brightDataOptionsSchema>;
export type ResolvedBrightDataOptions = z.output<typeof brightDataOptionsSchema>;
