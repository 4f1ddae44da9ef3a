import type { ActorsQuery, TermsQuery } from "@observatory/arena-core";
import { type Condition, condition, inValues, type VideoQuery, videoQuery } from "./conditions.js";

/** "#dkpol" → hashtag "dkpol"; anything else → keyword. Hashtags are lower-cased (TikTok stores them so). */
export function termCondition(term: string): Condition {
  return term.startsWith("#")
    ? condition("hashtag_name", "EQ", [term.slice(1).toLowerCase()])
    : keyword(term);
}

const keyword = (term: string) => condition("keyword", "EQ", [term]);

/** Merges several one-value conditions on the same field into one IN condition (fewer, shorter queries). */
function mergeIntoIn(conditions: Condition[]): Condition[] {
  const byField = new Map<string, string[]>();
  for (const c of conditions)
    byField.set(c.field_name, [...(byField.get(c.field_name) ?? []), ...c.field_values]);
  return [...byField].map(([field, values]) =>
    inValues(field as Condition["field_name"], [...new Set(values)]),
  );
}

/**
 * TermsQuery → video query. `terms` are OR-ed; `termGroups` are OR-ed AND-groups; `exclude` → NOT;
 * `regions` → region_code IN (AND-ed). The API has no nesting, so AND-groups with more than one term
 * become separate queries: this returns one query per group ("partition").
 */
export function termsToVideoQueries(q: TermsQuery): { label: string; query: VideoQuery }[] {
  const must: Condition[] = q.regions?.length ? [inValues("region_code", q.regions)] : [];
  const not = q.exclude?.length ? mergeIntoIn(q.exclude.map(termCondition)) : [];
  const out: { label: string; query: VideoQuery }[] = [];
  // Single terms (and single-term groups) go together in one OR query.
  const singles = [
    ...(q.terms ?? []),
    ...(q.termGroups ?? []).filter((g) => g.length === 1).map((g) => g[0]!),
  ];
  if (singles.length) {
    out.push({
      label: "terms",
      query: videoQuery({ and: must, or: mergeIntoIn([...new Set(singles)].map(termCondition)), not }),
    });
  }
  for (const group of q.termGroups ?? []) {
    if (group.length < 2) continue;
    out.push({
      label: `group:${group.join("+")}`,
      query: videoQuery({ and: [...must, ...group.map(termCondition)], not }),
    });
  }
  return out;
}

/** ActorsQuery → `username IN [...]`, in batches of `perQuery` names. */
export function actorsToVideoQueries(
  q: ActorsQuery,
  perQuery: number,
): { label: string; query: VideoQuery; actors: string[] }[] {
  const actors = [...new Set(q.actors)];
  const out: { label: string; query: VideoQuery; actors: string[] }[] = [];
  for (let i = 0; i < actors.length; i += perQuery) {
    const batch = actors.slice(i, i + perQuery);
    out.push({
      label: actors.length > perQuery ? `actors:${i / perQuery + 1}` : "actors",
      query: videoQuery({ and: [inValues("username", batch)] }),
      actors: batch,
    });
  }
  return out;
}

/**
 * Which of the query's terms a video matches (for `search_terms_matched`), in the terms' order.
 * Once per record: a loop without the hashtag Set, and the description lower-cased only for a keyword.
 */
export function matchedTerms(
  terms: readonly string[],
  video: { description: string; hashtags: readonly string[] },
): string[] {
  const matched: string[] = [];
  let description: string | undefined;
  for (const term of terms) {
    let found: boolean;
    if (term.startsWith("#")) {
      found = hasHashtag(video.hashtags, term.slice(1).toLowerCase());
    } else {
      description ??= video.description.toLowerCase();
      found = description.includes(term.toLowerCase());
    }
    if (found) matched.push(term);
  }
  return matched;
}

/** Whether one of `hashtags`, lower-cased, is `tag`. */
function hasHashtag(hashtags: readonly string[], tag: string): boolean {
  for (const hashtag of hashtags) if (hashtag.toLowerCase() === tag) return true;
  return false;
}
