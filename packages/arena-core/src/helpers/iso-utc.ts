/** An epoch-milliseconds instant as ISO-8601 UTC ("2026-09-01T12:00:00.000Z"); RangeError when invalid. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}
