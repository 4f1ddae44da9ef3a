const numberFormat = new Intl.NumberFormat("en-US");

export const formatCount = (n: number) => numberFormat.format(n);

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?";
  const s = Math.round(ms / 1000);
  if (s < 60) return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${String(m % 60).padStart(2, "0")}m`;
}

/** "2026-09-01..2026-09-08" from a window's ISO instants (whole days shown as dates). */
export function formatWindowRef(window: { since: string; until: string } | undefined): string {
  if (!window) return "-";
  const short = (iso: string) => (iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso);
  return `${short(window.since)}..${short(window.until)}`;
}

/** Quotes an argument for a POSIX shell only when it needs it. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_\-.,:/=@%+]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Key/value rows as aligned lines ("status     completed"): the summaries and reports of every command. */
export function alignRows(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
}
