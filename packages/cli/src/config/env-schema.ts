import { z } from "zod";

/** Unset and empty are the same: `VAR=` in a .env file does not set VAR. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

/**
 * The variables the command reads. Every message names the variable and the fix in one line and never
 * repeats a value that could be a secret.
 */
export const envSchema = z.object({
  TIKTOK_CLIENT_KEY: optional(z.string()),
  TIKTOK_CLIENT_SECRET: optional(z.string()),
  TIKTOK_API_BASE_URL: optional(
    z
      .string()
      .regex(
        /^https?:\/\/[^\s/]+/,
        "is not an http(s) URL: use e.g. https://open.tiktokapis.com or http://127.0.0.1:8787",
      ),
  ),
  OBSERVATORY_PSEUDONYM_SALT: optional(
    z
      .string()
      .min(
        16,
        "is shorter than 16 characters: use a long random secret, e.g. the output of `openssl rand -hex 32`",
      ),
  ),
  REDIS_URL: optional(
    z.string().regex(/^rediss?:\/\/\S+$/, "is not a Redis URL: use redis://host:6379 (or rediss:// for TLS)"),
  ),
  OBSERVATORY_STATE_DIR: optional(z.string()),
  TIKTOK_DAILY_REQUESTS: optional(
    z
      .string()
      .regex(/^\d+$/, "is not a whole number: set it to your project's approved requests per day, e.g. 1000")
      .transform(Number)
      .refine((n) => n > 0, "must be above 0: set it to your project's approved requests per day, e.g. 1000"),
  ),
  /** Read by the process entry (`runtime/heap-policy.ts`) before anything else; validated here. */
  OBSERVATORY_V8_HEAP: optional(
    z.enum(["compact", "default"], {
      error: "is neither compact nor default: unset it (compact, the default) or set it to default",
    }),
  ),
});

export type Env = z.output<typeof envSchema>;
