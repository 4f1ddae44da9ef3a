import { html } from "hono/html";
import type { CoverageDay } from "../queries/coverage-query.js";
import type { StudyRow } from "../queries/studies-query.js";
import { addDays, scheduleDays, utcDay } from "../study-days.js";
import { fmt, type Html } from "./layout.js";

export type DayState = "collected" | "gap" | "given-up";

/** A day's state: collected (a complete window), given up (its runs failed), or a gap (not collected). */
export function dayState(d: CoverageDay | undefined): DayState {
  if (d && d.windows > 0) return "collected";
  if (d && d.failedRuns > 0) return "given-up";
  return "gap";
}

const WIDTH = 1100;
const BARS = 70;

/** One schedule's chart: records per day (bars), the day's state (strip), the live tail (band). */
export function coverageChart(s: StudyRow, days: Map<string, CoverageDay> | undefined, now: number): Html {
  const all = scheduleDays(s, now);
  if (!all.length) return html`<p class="muted">No day to collect yet (starts ${s.since}).</p>`;
  const cell = WIDTH / all.length;
  const max = Math.max(1, ...all.map((d) => days?.get(d)?.records ?? 0));
  const yesterday = addDays(utcDay(now), -1);
  const tailFrom = addDays(yesterday, -s.liveTailDays);
  const tailStart = all.findIndex((d) => d >= tailFrom);
  const inTail = tailStart >= 0 && all[all.length - 1] === yesterday;
  const height = BARS + 34;
  let gaps = 0;
  let givenUp = 0;
  const cells = all.map((day, i) => {
    const d = days?.get(day);
    const state = dayState(d);
    if (state === "gap") gaps++;
    if (state === "given-up") givenUp++;
    const records = d?.records ?? 0;
    const h = (records / max) * BARS;
    const x = (i * cell).toFixed(2);
    const w = Math.max(cell - (cell > 4 ? 1 : 0), 0.5).toFixed(2);
    const tip = `${day}: ${state}, ${fmt(records)} records, ${d?.windows ?? 0} window(s)${d?.failure ? ` — gave up: ${d.failure}` : ""}`;
    return html`<g data-day="${day}" data-state="${state}" data-records="${records}"><title>${tip}</title><rect class="bar" x="${x}" y="${(BARS - h).toFixed(2)}" width="${w}" height="${h.toFixed(2)}"/><rect class="st-${state}" x="${x}" y="${BARS + 4}" width="${w}" height="10"/></g>`;
  });
  const ticks = all
    .map((day, i) => ({ day, i }))
    .filter(({ i }) => i === 0 || i === all.length - 1 || i % Math.ceil(all.length / 8) === 0);
  return html`<svg id="chart-${s.name}" class="coverage" role="img" aria-label="coverage of ${s.name}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" data-gaps="${gaps}" data-given-up="${givenUp}" data-first="${all[0]}" data-last="${all[all.length - 1]}">
${inTail ? html`<rect class="tail" data-live-tail="${tailFrom}" x="${(tailStart * cell).toFixed(2)}" y="0" width="${((all.length - tailStart) * cell).toFixed(2)}" height="${BARS + 16}"><title>live tail: ${all[tailStart]} … ${yesterday} re-queried every day for late videos</title></rect>` : ""}
${cells}
${ticks.map(({ day, i }) => html`<text x="${Math.min(i * cell, WIDTH - 64).toFixed(1)}" y="${height - 4}">${day}</text>`)}
</svg>
<p class="muted">${fmt(all.length)} days · ${fmt(all.length - gaps - givenUp)} collected · <span class="${gaps ? "bad" : ""}">${fmt(gaps)} gaps</span> · ${fmt(givenUp)} given up · busiest day ${fmt(max)} records</p>`;
}

export function coverageBody(
  studies: StudyRow[],
  coverage: Map<string, Map<string, CoverageDay>>,
  now: number,
): Html {
  if (!studies.length) return html`<p class="notice">No schedules yet.</p>`;
  return html`<p class="legend"><span><i class="lg-collected"></i>collected</span><span><i class="lg-gap"></i>gap (not collected)</span><span><i class="lg-given-up"></i>given up (runs failed)</span><span><i class="lg-tail"></i>live tail (re-queried daily)</span><span><i class="lg-bar"></i>records (the most a collection of the day returned)</span></p>
${studies.map(
  (s) =>
    html`<section id="${s.name}"><h2>${s.name}</h2>${coverageChart(s, coverage.get(s.name), now)}</section>`,
)}
<p class="muted">Hover a day for its numbers.</p>`;
}
