import type { CorpusVideo, VideoLength } from "../corpus/types.js";
import { VIDEO_LENGTHS } from "../corpus/types.js";
import { invalidParams } from "../http/api-error.js";
import type { JsonValue } from "../json/lossless.js";
import { parseYmd, ymdNumber } from "./dates.js";

export const FIELD_NAMES = [
  "create_date",
  "username",
  "region_code",
  "video_id",
  "hashtag_name",
  "keyword",
  "music_id",
  "effect_id",
  "video_length",
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/** Three-way comparison of a video attribute with a condition value (negative: attribute is smaller). */
export type Compare = (a: string | number, b: string | number) => number;

/** How one field reads its condition values and its video attribute(s). */
export interface FieldSpec {
  /** Normalises a value from the request, or throws 400. */
  parse(raw: JsonValue): string | number;
  /** The video's value for a single-valued field. */
  value?: (v: CorpusVideo) => string | number;
  /** The video's values for a multi-valued field (hashtags, effects). */
  values?: (v: CorpusVideo) => readonly (string | number)[];
  compare: Compare;
  /** EQ/IN test; defaults to compare() === 0. */
  equals?: (attribute: string | number, value: string | number) => boolean;
}

const byNumber: Compare = (a, b) => (a as number) - (b as number);
const byString: Compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
/** Decimal digit strings compared as integers (ids beyond 2^53 stay exact). */
const byDigits: Compare = (a, b) => {
  const x = a as string;
  const y = b as string;
  return x.length !== y.length ? x.length - y.length : byString(x, y);
};

function text(raw: JsonValue, field: string): string {
  if (typeof raw === "string") return raw;
  if (typeof raw === "number" || typeof raw === "bigint") return String(raw);
  throw invalidParams(`Invalid field_values for ${field}: every value must be a string`);
}

function digits(raw: JsonValue, field: string): string {
  const s = text(raw, field).trim();
  if (!/^\d{1,20}$/.test(s)) throw invalidParams(`Invalid field_values for ${field}: "${s}" is not an id`);
  return s.replace(/^0+(?=\d)/, "");
}

export const FIELDS: Readonly<Record<FieldName, FieldSpec>> = {
  create_date: {
    parse(raw) {
      const s = text(raw, "create_date");
      const seconds = parseYmd(s);
      if (seconds === undefined)
        throw invalidParams(`Invalid field_values for create_date: "${s}" is not YYYYMMDD`);
      return ymdNumber(seconds);
    },
    value: (v) => v.createDate,
    compare: byNumber,
  },
  username: {
    parse: (raw) => text(raw, "username").trim().replace(/^@/, "").toLowerCase(),
    value: (v) => v.username,
    compare: byString,
  },
  region_code: {
    parse(raw) {
      const s = text(raw, "region_code").trim().toUpperCase();
      if (!/^[A-Z]{2}$/.test(s)) throw invalidParams(`Invalid field_values for region_code: "${s}"`);
      return s;
    },
    value: (v) => v.regionCode,
    compare: byString,
  },
  video_id: { parse: (raw) => digits(raw, "video_id"), value: (v) => v.id, compare: byDigits },
  hashtag_name: {
    parse: (raw) => text(raw, "hashtag_name").trim().replace(/^#/, "").toLowerCase(),
    values: (v) => v.hashtags,
    compare: byString,
  },
  keyword: {
    parse(raw) {
      const s = text(raw, "keyword").toLowerCase();
      if (s.length === 0) throw invalidParams("Invalid field_values for keyword: empty keyword");
      return s;
    },
    value: (v) => v.descriptionLower,
    compare: byString,
    equals: (description, keyword) => (description as string).includes(keyword as string),
  },
  music_id: { parse: (raw) => digits(raw, "music_id"), value: (v) => v.musicId, compare: byDigits },
  effect_id: {
    parse: (raw) => digits(raw, "effect_id"),
    values: (v) => v.effects.map((e) => e.id),
    compare: byDigits,
  },
  video_length: {
    parse(raw) {
      const s = text(raw, "video_length").trim().toUpperCase();
      const i = VIDEO_LENGTHS.indexOf(s as VideoLength);
      if (i < 0) throw invalidParams(`Invalid field_values for video_length: "${s}"`);
      return i;
    },
    value: (v) => VIDEO_LENGTHS.indexOf(v.videoLength),
    compare: byNumber,
  },
};
