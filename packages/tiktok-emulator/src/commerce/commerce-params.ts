import { createHash } from "node:crypto";
import { invalidParams } from "../http/api-error.js";
import type { JsonValue } from "../json/lossless.js";

type Body = { readonly [key: string]: JsonValue };

/** An object parameter (`filters`), or a 400 naming it. */
export function objectParam(raw: JsonValue | undefined, name: string, required: boolean): Body {
  if (raw === undefined || raw === null) {
    if (required) throw invalidParams(`${name} is required`);
    return {};
  }
  if (typeof raw !== "object" || Array.isArray(raw))
    throw invalidParams(`Invalid ${name}: it must be an object`);
  return raw as Body;
}

/** A `{ min, max }` date range of YYYYMMDD days (strings or numbers), min not before 2022-10-01. */
export function dateRangeParam(raw: JsonValue | undefined, name: string): { min: string; max: string } {
  const range = objectParam(raw, name, true);
  const day = (value: JsonValue | undefined, part: string) => {
    const text = typeof value === "number" || typeof value === "bigint" ? String(value) : value;
    if (typeof text !== "string" || !/^\d{8}$/.test(text))
      throw invalidParams(`Invalid ${name}.${part}: use YYYYMMDD`);
    return text;
  };
  const min = day(range.min, "min");
  const max = day(range.max, "max");
  if (min < "20221001") throw invalidParams(`Invalid ${name}.min: it needs to be after October 1st, 2022`);
  if (max < min) throw invalidParams(`Invalid ${name}: max is before min`);
  return { min, max };
}

/** A country code or ALL (the default). */
export function countryParam(raw: JsonValue | undefined, name: string): string {
  if (raw === undefined || raw === null) return "ALL";
  if (typeof raw !== "string" || !/^([A-Za-z]{2}|ALL)$/.test(raw))
    throw invalidParams(`Invalid ${name}: "${String(raw)}"`);
  return raw.toUpperCase();
}

/** A list of strings or int64 IDs, or undefined. */
export function listParam(raw: JsonValue | undefined, name: string): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw invalidParams(`Invalid ${name}: it must be a list`);
  return raw.map((v) => {
    if (typeof v === "string" || typeof v === "number" || typeof v === "bigint") return String(v);
    throw invalidParams(`Invalid ${name}: "${String(v)}"`);
  });
}

/** A search term of at most 50 characters. */
export function searchTermParam(raw: JsonValue | undefined, required: boolean): string | undefined {
  if (raw === undefined || raw === null || raw === "") {
    if (required) throw invalidParams("search_term is required");
    return undefined;
  }
  if (typeof raw !== "string") throw invalidParams("Invalid search_term: it must be a string");
  if (raw.length > 50)
    throw invalidParams("Invalid search_term: the limit of the string is 50 characters or less");
  return raw;
}

/**
 * The adlib search_id: opaque to clients, here the query's key and the offset of the next item. A
 * search_id of another query (or garbage) is "invalid or expired", as the API says.
 */
export function encodeSearchId(key: string, offset: number): string {
  return Buffer.from(JSON.stringify({ k: key, o: offset })).toString("base64url");
}

export function decodeSearchId(raw: JsonValue | undefined, key: string): number {
  if (raw === undefined || raw === null || raw === "") return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(raw), "base64url").toString("utf8")) as {
      k?: string;
      o?: number;
    };
    if (parsed.k === key && Number.isInteger(parsed.o) && (parsed.o as number) >= 0)
      return parsed.o as number;
  } catch {
    // fall through: an unreadable search_id is invalid
  }
  throw invalidParams(`Search Id ${String(raw)} is invalid or expired`);
}

export const keyOf = (value: unknown) =>
  createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
