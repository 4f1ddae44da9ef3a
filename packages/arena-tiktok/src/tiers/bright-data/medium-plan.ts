import { type ActorsQuery, ConfigError, type TermsQuery } from "@observatory/arena-core";

/**
 * One Bright Data collection: a keyword or a profile. Each is a checkpoint partition of the run and
 * its snapshot is downloaded page by page (the whole snapshot, or parts of `batchSize` records).
 */
export interface MediumPartition {
  label: string;
  discoverBy: "keyword" | "profile_url";
  input: Record<string, unknown>;
  /** search_terms_matched of its records. */
  matched: string[];
}

/** Bright Data's profile date filters are MM-DD-YYYY. */
const mmddyyyy = (d: Date) => {
  const iso = d.toISOString();
  return `${iso.slice(5, 7)}-${iso.slice(8, 10)}-${iso.slice(0, 4)}`;
};

const postsWanted = (postsPerInput: number, maxResults?: number) =>
  maxResults === undefined ? postsPerInput : Math.min(postsPerInput, maxResults);

/**
 * Terms → one keyword discovery per term (an AND-group is one keyword of its words, as TikTok's search
 * reads it). Keyword discovery has no date or region filter: dates are applied to the results here, and
 * a query with regions is refused rather than silently widened.
 */
export function termsPartitions(query: TermsQuery, postsPerInput: number): MediumPartition[] {
  if (query.regions?.length) {
    throw new ConfigError(
      "regions are not supported on the medium tier: Bright Data's TikTok keyword discovery has no region filter. " +
        "Remove regions or use the free tier (Research API).",
      { field: "regions" },
    );
  }
  const keywords = [...(query.terms ?? []).map((t) => [t]), ...(query.termGroups ?? [])];
  const seen = new Set<string>();
  const partitions: MediumPartition[] = [];
  for (const group of keywords) {
    const keyword = group.join(" ");
    if (seen.has(keyword.toLowerCase())) continue;
    seen.add(keyword.toLowerCase());
    partitions.push({
      label: `keyword:${keyword}`,
      discoverBy: "keyword",
      input: { search_keyword: keyword, num_of_posts: postsWanted(postsPerInput, query.maxResults) },
      matched: group,
    });
  }
  return partitions;
}

/** Actors → one profile discovery per actor, bounded by Bright Data's start_date/end_date. */
export function actorsPartitions(query: ActorsQuery, postsPerInput: number): MediumPartition[] {
  const last = new Date(query.until.getTime() - 1);
  return [...new Set(query.actors)].map((actor) => ({
    label: `profile:${actor}`,
    discoverBy: "profile_url",
    input: {
      url: `https://www.tiktok.com/@${actor}`,
      num_of_posts: postsWanted(postsPerInput, query.maxResults),
      start_date: mmddyyyy(query.since),
      end_date: mmddyyyy(last),
    },
    matched: [`@${actor}`],
  }));
}

/** The query's exclusions as a filter on a post's text and hashtags. */
export function excludeFilter(exclude: readonly string[] | undefined) {
  const terms = (exclude ?? []).map((t) => t.toLowerCase());
  return (description: string, hashtags: readonly string[]) => {
    const text = description.toLowerCase();
    const tags = new Set(hashtags.map((h) => h.toLowerCase()));
    return terms.some((t) => (t.startsWith("#") ? tags.has(t.slice(1)) : text.includes(t)));
  };
}
