/** UTC calendar helpers for the API's YYYYMMDD dates. */

export const DAY_SECONDS = 86_400;
export const DAY_MS = 86_400_000;

const DATE_RE = /^(\d{4})(\d{2})(\d{2})$/;

/** "20260901" → epoch seconds of 00:00 UTC that day, or undefined when it is no real date. */
export function parseYmd(text: string): number | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return undefined;
  }
  return ms / 1000;
}

/** Epoch seconds → "YYYYMMDD" (UTC). */
export function formatYmd(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${y}${m < 10 ? "0" : ""}${m}${day < 10 ? "0" : ""}${day}`;
}

/** Epoch seconds → YYYYMMDD as a number (20260901), for fast comparisons. */
export function ymdNumber(epochSeconds: number): number {
  const d = new Date(epochSeconds * 1000);
  return d.getUTCFullYear() * 10_000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

/** Accepts "2026-09-01", "20260901", a Date or epoch ms; returns epoch seconds of that UTC instant. */
export function toEpochSeconds(value: string | number | Date): number {
  if (typeof value === "number") return Math.floor(value / 1000);
  if (value instanceof Date) return Math.floor(value.getTime() / 1000);
  const ymd = parseYmd(value);
  if (ymd !== undefined) return ymd;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`Not a date: ${value}`);
  return Math.floor(ms / 1000);
}
