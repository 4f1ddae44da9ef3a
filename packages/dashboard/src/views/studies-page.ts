import { html } from "hono/html";
import type { StudyRow } from "../queries/studies-query.js";
import { addDays, scheduleDays, utcDay } from "../study-days.js";
import { fmt, type Html, when } from "./layout.js";

/** A schedule's query in a line: terms, groups, exclusions, actors, regions. */
export function describeQuery(q: unknown): string {
  const o = (q ?? {}) as Record<string, unknown>;
  const list = (k: string) => (Array.isArray(o[k]) ? (o[k] as unknown[]) : []);
  const parts: string[] = [];
  if (list("terms").length) parts.push(list("terms").join(" OR "));
  for (const g of list("termGroups")) parts.push(`(${(g as string[]).join(" AND ")})`);
  if (list("actors").length) parts.push(`actors: ${list("actors").join(", ")}`);
  if (list("exclude").length) parts.push(`not ${list("exclude").join(", ")}`);
  if (list("regions").length) parts.push(`regions ${list("regions").join(", ")}`);
  if (list("languages").length) parts.push(`languages ${list("languages").join(", ")}`);
  return parts.join(" · ") || "—";
}

export function studiesBody(rows: StudyRow[], now: number): Html {
  if (!rows.length) {
    return html`<p class="notice">No schedules yet: add one with <code>observatory schedule add NAME --term … --since YYYY-MM-DD --db …</code>.</p>`;
  }
  const nextMidnight = `${addDays(utcDay(now), 1)}T00:00Z`;
  return html`<table id="studies">
<thead><tr><th>schedule</th><th>query</th><th>status</th><th class="n">records</th><th class="n">windows</th><th class="n">due</th><th>last run</th><th>next run</th></tr></thead>
<tbody>
${rows.map((r) => {
  const days = scheduleDays(r, now);
  const due = Math.max(0, days.length - r.windows);
  const ended = r.until !== null && r.until <= utcDay(now) && due === 0;
  const status = r.paused ? "paused" : ended ? "ended" : due > 1 ? "catching up" : "current";
  const next = r.paused
    ? "— (paused)"
    : ended
      ? "—"
      : due > 0
        ? "next tick (windows due)"
        : `${nextMidnight.replace("T", " ")} UTC`;
  return html`<tr data-schedule="${r.name}">
<td><a href="/coverage#${r.name}">${r.name}</a></td>
<td>${describeQuery(r.query)}<div class="muted">since ${r.since}${r.until ? ` until ${r.until}` : ""} · priority ${r.priority}${r.dailyBudget ? ` · ${fmt(r.dailyBudget)} requests/day` : ""}</div></td>
<td>${status}</td>
<td class="n">${fmt(r.records)}</td>
<td class="n">${fmt(r.windows)} / ${fmt(days.length)}</td>
<td class="n">${fmt(due)}</td>
<td>${when(r.lastRunAt)}${r.lastRunStatus ? html` <span class="muted">(${r.lastRunStatus})</span>` : ""}</td>
<td>${next}</td>
</tr>`;
})}
</tbody></table>
<p class="muted">Records: per day, the most a collection of the window returned (each collection re-queries the whole day), summed. Windows: days collected completely / days from <em>since</em> to yesterday.</p>`;
}
