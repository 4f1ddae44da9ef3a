import { parseInput } from "@observatory/arena-core";
import { z } from "zod";
import { ADLIB_FIRST_DAY } from "../endpoints/adlib.js";

/** A day as "YYYY-MM-DD", "YYYYMMDD", an ISO instant or a Date → the API's "YYYYMMDD" (UTC). */
const day = z.union([z.string().trim(), z.date()]).transform((value, ctx) => {
  const text = value instanceof Date ? value.toISOString() : value;
  const compact = /^\d{8}$/.test(text) ? text : text.slice(0, 10).replace(/-/g, "");
  const date = new Date(`${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}T00:00:00Z`);
  if (!/^\d{8}$/.test(compact) || Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: `"${text}" is not a date: use YYYY-MM-DD, e.g. 2026-09-01` });
    return z.NEVER;
  }
  return compact;
});

const int64 = z
  .union([z.string(), z.bigint()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^\d{1,20}$/, "an ID is a decimal integer string (keep 64-bit IDs as strings)"));

const country = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^([A-Z]{2}|ALL)$/, "a two-letter country code such as DK, or ALL"));

const maxResults = z.number().int("a whole number").positive("must be > 0").optional();

/** The date range every adlib filter takes: both days inclusive, the first not before 2022-10-01. */
const range = <S extends z.ZodRawShape>(shape: S) =>
  z
    .object({ since: day, until: day, ...shape })
    .strict()
    .superRefine((value, ctx) => {
      const q = value as { since: string; until: string };
      if (q.since < ADLIB_FIRST_DAY)
        ctx.addIssue({
          code: "custom",
          path: ["since"],
          message: "the library starts on 2022-10-01: use a later day",
        });
      if (q.until < q.since)
        ctx.addIssue({ code: "custom", path: ["until"], message: "until is before since" });
    });

export const adsQuerySchema = range({
  country: country.default("ALL"),
  advertiserIds: z.array(int64).min(1).optional(),
  searchTerm: z.string().trim().min(1).max(50, "the API takes at most 50 characters").optional(),
  searchType: z.enum(["exact_phrase", "fuzzy_phrase"]).optional(),
  maxResults,
});
export type AdsQueryInput = z.input<typeof adsQuerySchema>;
export type AdsQuery = z.output<typeof adsQuerySchema>;

export const adReportQuerySchema = range({
  country: country.default("ALL"),
  advertiserIds: z.array(int64).min(1).optional(),
});
export type AdReportQueryInput = z.input<typeof adReportQuerySchema>;

export const commercialQuerySchema = range({
  creatorCountry: country.default("ALL"),
  creatorUsernames: z
    .array(
      z
        .string()
        .trim()
        .transform((s) => s.replace(/^@/, ""))
        .pipe(z.string().min(1)),
    )
    .min(1)
    .optional(),
  maxResults,
});
export type CommercialQueryInput = z.input<typeof commercialQuerySchema>;
export type CommercialQuery = z.output<typeof commercialQuerySchema>;

export const advertiserTermsSchema = z
  .array(z.string().trim().min(1, "an empty search term").max(50, "the API takes at most 50 characters"))
  .min(1, "give at least one search term");

export const parseAdsQuery = (input: unknown) => parseInput(adsQuerySchema, input, "ads query");
export const parseAdReportQuery = (input: unknown) =>
  parseInput(adReportQuerySchema, input, "ad report query");
export const parseCommercialQuery = (input: unknown) =>
  parseInput(commercialQuerySchema, input, "commercial content query");
export const parseAdvertiserTerms = (input: unknown) =>
  parseInput(z.object({ terms: advertiserTermsSchema }), { terms: input }, "advertiser search").terms;
