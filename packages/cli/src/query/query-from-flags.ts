import {
  type ActorsQuery,
  type ActorsQueryInput,
  actorsQuerySchema,
  type TermsQuery,
  type TermsQueryInput,
  termsQuerySchema,
} from "@observatory/arena-core";
import type { z } from "zod";
import type { ActorsFlags, TermsFlags } from "../program/flags.js";
import { UsageError } from "../usage-error.js";
import { parseDateRange } from "./date-flags.js";

/** The flag that sets each query field, so that a bad value is reported by its flag. */
const FLAG_OF: Record<string, string> = {
  terms: "--term",
  termGroups: "--group",
  exclude: "--exclude",
  since: "--since",
  until: "--until",
  maxResults: "--max",
  languages: "--language",
  languageMinConfidence: "--language-min-confidence",
  regions: "--region",
  actors: "--actor",
};

export function termsQueryFromFlags(flags: TermsFlags): { input: TermsQueryInput; query: TermsQuery } {
  const { since, until } = parseDateRange(flags.since, flags.until);
  const groups = (flags.group ?? []).map((g) =>
    g
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
  );
  if (groups.some((g) => g.length === 0)) {
    throw new UsageError("--group needs comma-separated terms, e.g. --group 'klima,afgift'.", "--group");
  }
  if (!flags.term?.length && !groups.length) {
    throw new UsageError(
      "--term is missing: give at least one --term (keyword or #hashtag) or --group, e.g. --term klima --term '#dkpol' (or a condition such as --music-id, --username, or --query-file).",
      "--term",
    );
  }
  const input: TermsQueryInput = {
    ...(flags.term?.length ? { terms: flags.term } : {}),
    ...(groups.length ? { termGroups: groups } : {}),
    ...(flags.exclude?.length ? { exclude: flags.exclude } : {}),
    since,
    until,
    ...(flags.max === undefined ? {} : { maxResults: flags.max }),
    ...(flags.language?.length ? { languages: flags.language } : {}),
    ...(flags.languageMinConfidence === undefined
      ? {}
      : { languageMinConfidence: flags.languageMinConfidence }),
    ...(flags.region?.length ? { regions: flags.region } : {}),
  };
  return { input, query: validate(termsQuerySchema, input) };
}

export function actorsQueryFromFlags(flags: ActorsFlags): { input: ActorsQueryInput; query: ActorsQuery } {
  const { since, until } = parseDateRange(flags.since, flags.until);
  if (!flags.actor?.length) {
    throw new UsageError(
      "--actor is missing: give at least one, e.g. --actor drnyheder --actor @tv2nyhederne.",
      "--actor",
    );
  }
  const input: ActorsQueryInput = {
    actors: flags.actor,
    since,
    until,
    ...(flags.max === undefined ? {} : { maxResults: flags.max }),
    ...(flags.language?.length ? { languages: flags.language } : {}),
    ...(flags.languageMinConfidence === undefined
      ? {}
      : { languageMinConfidence: flags.languageMinConfidence }),
  };
  return { input, query: validate(actorsQuerySchema, input) };
}

function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = String(issue.path[0] ?? "");
  const flag = FLAG_OF[field] ?? `--${field}`;
  const index = typeof issue.path[1] === "number" ? issue.path[1] : undefined;
  const values = (input as Record<string, unknown>)[field];
  const value =
    index !== undefined && Array.isArray(values) ? ` ${JSON.stringify(String(values[index]))}` : "";
  throw new UsageError(`${flag}${value}: ${issue.message}`, flag);
}
