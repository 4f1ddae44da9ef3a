import type { TermsQuery } from "@observatory/arena-core";
import { type Condition, condition, inValues, type VideoLength, type VideoQuery } from "./conditions.js";
import { termCondition, termsToVideoQueries } from "./terms-query.js";

/**
 * Conditions beyond terms that the Research API can filter on: every value list is OR-ed within itself
 * (`IN`) and AND-ed with the rest, except `allHashtags` (each one must match) and `notUsernames` (NOT).
 */
export interface ExtraConditions {
  musicIds?: readonly string[];
  effectIds?: readonly string[];
  videoLengths?: readonly VideoLength[];
  usernames?: readonly string[];
  notUsernames?: readonly string[];
  /** Hashtags (with or without #) that must ALL be on a video. */
  allHashtags?: readonly string[];
}

const bare = (name: string, prefix: string) => (name.startsWith(prefix) ? name.slice(prefix.length) : name);
const unique = (values: readonly string[]) => [...new Set(values)];

/** The extras as AND and NOT conditions (empty lists when none are given). */
export function extraConditions(x: ExtraConditions): { and: Condition[]; not: Condition[] } {
  const and: Condition[] = [];
  const not: Condition[] = [];
  if (x.musicIds?.length) and.push(inValues("music_id", unique(x.musicIds)));
  if (x.effectIds?.length) and.push(inValues("effect_id", unique(x.effectIds)));
  if (x.videoLengths?.length) and.push(inValues("video_length", unique(x.videoLengths)));
  if (x.usernames?.length) {
    and.push(inValues("username", unique(x.usernames.map((u) => bare(u, "@").toLowerCase()))));
  }
  for (const tag of unique((x.allHashtags ?? []).map((t) => bare(t, "#").toLowerCase()))) {
    and.push(condition("hashtag_name", "EQ", [tag]));
  }
  if (x.notUsernames?.length) {
    not.push(inValues("username", unique(x.notUsernames.map((u) => bare(u, "@").toLowerCase()))));
  }
  return { and, not };
}

/** True when any extra condition is given. */
export function hasExtraConditions(x: ExtraConditions): boolean {
  return Object.values(x).some((v) => Array.isArray(v) && v.length > 0);
}

/** Adds the extras to a query: AND-ed with its `and`, NOT-ed with its `not`; `or` is kept as it is. */
export function withExtraConditions(query: VideoQuery, x: ExtraConditions): VideoQuery {
  const extra = extraConditions(x);
  const and = [...(query.and ?? []), ...extra.and];
  const not = [...(query.not ?? []), ...extra.not];
  return {
    ...(and.length ? { and } : {}),
    ...(query.or?.length ? { or: query.or } : {}),
    ...(not.length ? { not } : {}),
  };
}

/**
 * The partitions of a terms query with extras: the terms' partitions (see `termsToVideoQueries`), each
 * with the extras added; with no terms, one partition "query" of the extras, regions and exclusions.
 */
export function queryPartsWithExtras(
  q: Pick<TermsQuery, "terms" | "termGroups" | "exclude" | "regions" | "since" | "until">,
  x: ExtraConditions,
): { label: string; query: VideoQuery }[] {
  if (q.terms?.length || q.termGroups?.length) {
    return termsToVideoQueries(q as TermsQuery).map((p) => ({
      label: p.label,
      query: withExtraConditions(p.query, x),
    }));
  }
  const base: VideoQuery = {
    ...(q.regions?.length ? { and: [inValues("region_code", q.regions)] } : {}),
    ...(q.exclude?.length ? { not: q.exclude.map(termCondition) } : {}),
  };
  return [{ label: "query", query: withExtraConditions(base, x) }];
}
