import { z } from "zod";
import { tierSchema } from "./tier.js";

/** A UTC calendar date or instant. "2026-09-01" means 2026-09-01T00:00:00Z. */
export const dateInputSchema = z
  .union([z.string(), z.date()])
  .transform((value, ctx) => {
    const date = typeof value === "string" ? parseUtcDate(value) : value;
    if (!date || Number.isNaN(date.getTime())) {
      ctx.addIssue({
        code: "custom",
        message: `not a date: ${JSON.stringify(String(value))}; use YYYY-MM-DD (UTC) or an ISO-8601 timestamp`,
      });
      return z.NEVER;
    }
    return date;
  });

function parseUtcDate(value: string): Date | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const date = new Date(`${value}T00:00:00.000Z`);
    // Reject impossible dates such as 2026-02-30 instead of rolling them over.
    return date.toISOString().startsWith(value) ? date : undefined;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return new Date(value);
  return undefined;
}

const term = z
  .string()
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .min(1, "empty term: remove it or give a word or #hashtag")
      .refine((s) => s !== "#", "a lone '#' is not a hashtag: write '#dkpol'")
      .refine((s) => s.length <= 100, "term is longer than 100 characters"),
  );

const languageCode = z
  .string()
  .regex(/^[a-z]{2}$/, "use a two-letter ISO 639-1 code in lower case, e.g. 'da'");
const regionCode = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}$/, "use a two-letter ISO 3166-1 region code, e.g. 'DK'"));

const maxResults = z.number().int("maxResults must be a whole number").positive("maxResults must be > 0");

const windowRefinement = <T extends { since: Date; until: Date }>(q: T, ctx: z.RefinementCtx) => {
  if (q.since.getTime() >= q.until.getTime()) {
    ctx.addIssue({
      code: "custom",
      path: ["since"],
      message: `since (${q.since.toISOString()}) must be before until (${q.until.toISOString()}); until is exclusive`,
    });
  }
};

export const termsQuerySchema = z
  .object({
    terms: z.array(term).optional(),
    termGroups: z
      .array(z.array(term).min(1, "an AND-group needs at least one term"))
      .optional(),
    exclude: z.array(term).optional(),
    since: dateInputSchema,
    until: dateInputSchema,
    maxResults: maxResults.optional(),
    languages: z.array(languageCode).optional(),
    regions: z.array(regionCode).optional(),
    tier: tierSchema.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!q.terms?.length && !q.termGroups?.length) {
      ctx.addIssue({
        code: "custom",
        path: ["terms"],
        message: "give at least one term (e.g. terms: ['klima', '#dkpol']) or termGroups",
      });
    }
    windowRefinement(q, ctx);
  });

const actor = z
  .string()
  .transform((s) => s.trim().replace(/^@/, "").toLowerCase())
  .pipe(
    z
      .string()
      .min(1, "empty actor name: give a username such as 'drnyheder' or '@drnyheder'")
      .regex(/^[a-z0-9._]{1,50}$/, "a username holds only letters, digits, '.' and '_'"),
  );

export const actorsQuerySchema = z
  .object({
    actors: z.array(actor).min(1, "give at least one actor, e.g. actors: ['drnyheder']"),
    since: dateInputSchema,
    until: dateInputSchema,
    maxResults: maxResults.optional(),
    languages: z.array(languageCode).optional(),
    tier: tierSchema.optional(),
  })
  .strict()
  .superRefine(windowRefinement);

export type TermsQueryInput = z.input<typeof termsQuerySchema>;
export type ActorsQueryInput = z.input<typeof actorsQuerySchema>;
/** A validated terms query: dates are Dates, terms trimmed, regions upper-case. */
export type TermsQuery = z.output<typeof termsQuerySchema>;
/** A validated actors query: names without "@", lower-case, de-duplicated by the collector. */
export type ActorsQuery = z.output<typeof actorsQuerySchema>;

export function isActorsQuery(q: TermsQueryInput | ActorsQueryInput): q is ActorsQueryInput {
  return Array.isArray((q as ActorsQueryInput).actors);
}
