/**
 * The wire writer. TikTok sends 64-bit ids as bare JSON numbers beyond 2^53, which JSON.stringify
 * cannot produce from a JS number, so ids are held as digit strings and written raw.
 */

/** A pre-serialised JSON fragment, written as is. */
export class RawJson {
  constructor(readonly json: string) {}
}

/** A 64-bit integer held as its decimal digits, written as a bare JSON number. */
export function int64(digits: string): RawJson {
  return new RawJson(digits);
}

export type WireValue =
  | null
  | undefined
  | boolean
  | number
  | bigint
  | string
  | RawJson
  | readonly WireValue[]
  | { readonly [key: string]: WireValue };

/** Serialises a value; `bigint` and `RawJson` come out as bare JSON; `undefined` members are left out. */
export function toWire(value: WireValue): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
  }
  if (value instanceof RawJson) return value.json;
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      out += toWire(value[i] as WireValue);
    }
    return `${out}]`;
  }
  let out = "{";
  let first = true;
  for (const key of Object.keys(value)) {
    const member = (value as { readonly [key: string]: WireValue })[key];
    if (member === undefined) continue;
    if (!first) out += ",";
    first = false;
    out += `${JSON.stringify(key)}:${toWire(member)}`;
  }
  return `${out}}`;
}
