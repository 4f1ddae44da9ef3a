import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { isArenaError } from "@observatory/arena-core";
import {
  type ExtraConditions,
  hasExtraConditions,
  parseVideoQueryJson,
  type QueryCollectionInput,
  queryPartsWithExtras,
  VIDEO_LENGTHS,
  type VideoLength,
  withExtraConditions,
} from "@observatory/arena-tiktok";
import { CONDITION_FLAGS, type ConditionFlags } from "../program/condition-flags.js";
import type { TermsFlags } from "../program/flags.js";
import { UsageError } from "../usage-error.js";
import { parseDateRange } from "./date-flags.js";
import { termsQueryFromFlags } from "./query-from-flags.js";
import { isVideoId } from "./video-id.js";

const USERNAME = /^@?[A-Za-z0-9._]{1,50}$/;

/** True when `collect` must go through `collectByQuery` (a condition flag or a query file is given). */
export function wantsRawQuery(flags: ConditionFlags): boolean {
  return flags.queryFile !== undefined || hasExtraConditions(extrasFromFlags(flags));
}

/** The condition flags, checked: a bad value is exit 2 naming its flag. */
export function extrasFromFlags(flags: ConditionFlags): ExtraConditions {
  const check = (
    key: keyof ConditionFlags,
    values: string[] | undefined,
    ok: (v: string) => boolean,
    expect: string,
  ) => {
    for (const value of values ?? []) {
      if (!ok(value)) {
        throw new UsageError(
          `${CONDITION_FLAGS[key]} ${JSON.stringify(value)}: ${expect}.`,
          CONDITION_FLAGS[key],
        );
      }
    }
    return values?.length ? values : undefined;
  };
  const id = "use the numeric ID (digits, at most 9223372036854775807), e.g. 7412345678901234567";
  const name = "use a username (letters, digits, '.' and '_'), with or without @";
  const musicIds = check("musicId", flags.musicId, isVideoId, id);
  const effectIds = check("effectId", flags.effectId, isVideoId, id);
  const lengths = check(
    "videoLength",
    flags.videoLength,
    (v) => (VIDEO_LENGTHS as readonly string[]).includes(v.toUpperCase()),
    `use one of ${VIDEO_LENGTHS.join(", ")}`,
  )?.map((v) => v.toUpperCase() as VideoLength);
  const usernames = check("username", flags.username, (v) => USERNAME.test(v), name);
  const notUsernames = check("notUsername", flags.notUsername, (v) => USERNAME.test(v), name);
  const allHashtags = check(
    "allHashtags",
    flags.allHashtags,
    (v) => /^#?[^\s#,]+$/.test(v),
    "use hashtags without spaces, comma-separated, e.g. --all-hashtags dkpol,klima",
  );
  return {
    ...(musicIds ? { musicIds } : {}),
    ...(effectIds ? { effectIds } : {}),
    ...(lengths ? { videoLengths: lengths } : {}),
    ...(usernames ? { usernames } : {}),
    ...(notUsernames ? { notUsernames } : {}),
    ...(allHashtags ? { allHashtags } : {}),
  };
}

/**
 * `collect` with condition flags or `--query-file` → a `collectByQuery` input. With terms, each terms
 * partition gets the conditions; without, the conditions (and --region, --exclude) are the query. A
 * query file is the query (the conditions are AND-ed to it); --term, --group, --exclude and --region
 * do not go with it.
 */
export async function queryCollectionFromFlags(
  cwd: string,
  flags: TermsFlags & ConditionFlags,
): Promise<QueryCollectionInput> {
  const extras = extrasFromFlags(flags);
  const { since, until } = parseDateRange(flags.since, flags.until);
  const common = {
    since,
    until,
    ...(flags.max === undefined ? {} : { maxResults: flags.max }),
    ...(flags.language?.length ? { languages: flags.language } : {}),
  };
  if (flags.queryFile !== undefined) {
    const clash = (["term", "group", "exclude", "region"] as const).find((k) => flags[k]?.length);
    if (clash) {
      throw new UsageError(
        `--${clash} does not go with --query-file: put the condition in the query file (field_name ${clash === "region" ? "region_code" : "keyword or hashtag_name"}).`,
        `--${clash}`,
      );
    }
    const query = withExtraConditions(await readQueryFile(cwd, flags.queryFile), extras);
    return { queries: [{ label: "query", query }], ...common };
  }
  for (const region of flags.region ?? []) {
    if (!/^[A-Za-z]{2}$/.test(region)) {
      throw new UsageError(
        `--region ${JSON.stringify(region)}: use a two-letter region code, e.g. DK.`,
        "--region",
      );
    }
  }
  const hasTerms = Boolean(flags.term?.length || flags.group?.length);
  const terms = hasTerms ? termsQueryFromFlags(flags).query : undefined;
  const parts = queryPartsWithExtras(
    terms ?? {
      since,
      until,
      ...(flags.exclude?.length ? { exclude: flags.exclude } : {}),
      ...(flags.region?.length ? { regions: flags.region.map((r) => r.toUpperCase()) } : {}),
    },
    extras,
  );
  return { queries: parts, ...common };
}

/** Reads and validates a query file; a bad one is exit 2 naming the flag and the JSON path. */
async function readQueryFile(cwd: string, file: string) {
  const path = isAbsolute(file) ? file : resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(
      `--query-file ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
      "--query-file",
    );
  }
  try {
    return parseVideoQueryJson(text);
  } catch (error) {
    if (isArenaError(error)) throw new UsageError(`--query-file ${file}: ${error.message}`, "--query-file");
    throw error;
  }
}
