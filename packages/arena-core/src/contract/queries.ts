import { z } from "zod";
import { parseInput } from "./parse-input.js";
import { tierSchema } from "./tier.js";

/** Collections cover social media: dates outside 2000–2100 are typos (and would plan millions of windows). */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/** A UTC calendar date or instant. "2026-09-01" means 2026-09-01T00:00:00Z. */
export const dateInputSchema = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const date = typeof value === "string" ? parseUtcDate(value) : value;
  if (!date || Number.isNaN(date.getTime())) {
    ctx.addIssue({
      code: "custom",
      message: `not a date: ${JSON.stringify(String(value))}; use YYYY-MM-DD (UTC) or an ISO-8601 timestamp`,
    });
    return z.NEVER;
  }
  if (date.getTime() < EARLIEST || date.getTime() > LATEST) {
    ctx.addIssue({
      code: "custom",
      message: `${date.toISOString().slice(0, 10)} is outside 2000-01-01..2100-01-01; check the year`,
    });
    return z.NEVER;
  }
  return date;
});

/**
 * "YYYY-MM-DD" (UTC midnight) or an ISO-8601 timestamp. A timestamp without a zone is read as UTC (never
 * as the machine's local time). Impossible dates such as 2026-02-30 are rejected, not rolled over.
 */
export function parseUtcDate(value: string): Date | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    value.trim(),
  );
  if (!match) return undefined;
  const [, day, time, , , zone] = match;
  const date = new Date(time ? `${day}${time}${zone ? "" : "Z"}` : `${day}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime())) return undefined;
  // The calendar day must exist: V8 rolls 2026-02-30 over to 2026-03-02, so compare the day back.
  const check = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== day) return undefined;
  return date;
}

const term = z
  .string()
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .min(1, "empty term: remove it or give a word or #hashtag")
      .refine((s) => s !== "#", "a lone '#' is not a hashtag: write '#dkpol'")
      // A line break or other control character would end up inside the API's query as it is.
      .refine(
        (s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s),
        "a term cannot hold a line break, tab or other control character: give each term as plain text on one line",
      )
      .refine((s) => s.length <= 100, "term is longer than 100 characters"),
  );

// Known codes: what the ICU data of the runtime names (a code it does not know names no language or country).
const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
/** Region codes ICU names that are not countries or territories a video can come from. */
const NOT_COUNTRIES = new Set(["ZZ", "EU", "EZ", "UN", "QO"]);

const languageCode = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(
    z
      .string()
      .regex(/^[a-z]{2}$/, "use a two-letter ISO 639-1 language code, e.g. 'da'")
      .refine(
        (code) => !/^[a-z]{2}$/.test(code) || languageNames.of(code) !== undefined,
        "not an ISO 639-1 language code: use e.g. 'da' (Danish), 'sv', 'nb', 'de', 'en'",
      ),
  );
const regionCode = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(
    z
      .string()
      .regex(/^[A-Z]{2}$/, "use a two-letter ISO 3166-1 region code, e.g. 'DK'")
      .refine(
        (code) =>
          !/^[A-Z]{2}$/.test(code) || (!NOT_COUNTRIES.has(code) && regionNames.of(code) !== undefined),
        "not an ISO 3166-1 country code: use e.g. 'DK', 'SE', 'NO', 'DE'",
      ),
  );

const maxResults = z
  .number()
  .int("maxResults must be a whole number")
  .positive("maxResults must be > 0")
  .max(Number.MAX_SAFE_INTEGER, "maxResults is too large: at most 9007199254740991");

const windowRefinement = <T extends { since: Date; until: Date }>(q: T, ctx: z.RefinementCtx) => {
  if (q.since.getTime() >= q.until.getTime()) {
    ctx.addIssue({
      code: "custom",
      path: ["since"],
      message: `since (${q.since.toISOString()}) must be before until (${q.until.toISOString()}); until is exclusive`,
    });
  }
};

/**
 * With `languages`: a record detected in a wanted language with a lower confidence is dropped too
 * (counted as "da (uncertain)"), for studies where a Norwegian record labelled Danish costs more than
 * a Danish record lost. Absent: every record detected in a wanted language is kept.
 */
const languageMinConfidence = z
  .number()
  .min(0, "a confidence between 0 and 1, e.g. 0.8")
  .max(1, "a confidence between 0 and 1, e.g. 0.8");

const minConfidenceRefinement = (
  q: { languages?: string[] | undefined; languageMinConfidence?: number | undefined },
  ctx: z.RefinementCtx,
) => {
  if (q.languageMinConfidence !== undefined && !q.languages?.length) {
    ctx.addIssue({
      code: "custom",
      path: ["languageMinConfidence"],
      message:
        "applies to the languages a query keeps: give them too (languages: ['da'] in a query, --language da on the command line)",
    });
  }
};

export const termsQuerySchema = z
  .object({
    terms: z.array(term).optional(),
    termGroups: z.array(z.array(term).min(1, "an AND-group needs at least one term")).optional(),
    exclude: z.array(term).optional(),
    since: dateInputSchema,
    until: dateInputSchema,
    maxResults: maxResults.optional(),
    languages: z.array(languageCode).optional(),
    languageMinConfidence: languageMinConfidence.optional(),
    regions: z.array(regionCode).optional(),
    tier: tierSchema.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    minConfidenceRefinement(q, ctx);
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
    languageMinConfidence: languageMinConfidence.optional(),
    tier: tierSchema.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    minConfidenceRefinement(q, ctx);
    windowRefinement(q, ctx);
  });

export type TermsQueryInput = z.input<typeof termsQuerySchema>;
export type ActorsQueryInput = z.input<typeof actorsQuerySchema>;
/** A validated terms query: dates are Dates, terms trimmed, languages lower-case, regions upper-case. */
export type TermsQuery = z.output<typeof termsQuerySchema>;
/** A validated actors query: names without "@", lower-case, de-duplicated by the collector. */
export type ActorsQuery = z.output<typeof actorsQuerySchema>;

/** Validates a terms query; a bad one is a `ConfigError` naming the field (e.g. `terms`, `since`). */
export function parseTermsQuery(input: unknown): TermsQuery {
  return parseInput(termsQuerySchema, input, "terms query");
}

/** Validates an actors query; a bad one is a `ConfigError` naming the field (e.g. `actors.0`). */
export function parseActorsQuery(input: unknown): ActorsQuery {
  return parseInput(actorsQuerySchema, input, "actors query");
}

export function isActorsQuery(q: TermsQueryInput | ActorsQueryInput): q is ActorsQueryInput {
  return Array.isArray((q as ActorsQueryInput).actors);
}
