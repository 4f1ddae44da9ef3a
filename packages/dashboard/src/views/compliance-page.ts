import { html } from "hono/html";
import type { ComplianceFacts } from "../queries/compliance-query.js";
import { fmt, type Html, when } from "./layout.js";

const DAY_MS = 86_400_000;
const WIDTH = 1100;

function ageDays(iso: string | null, now: number): number | null {
  return iso === null ? null : (now - Date.parse(iso)) / DAY_MS;
}

/** The oldest last check against the limit: a bar of its age and the limit's line. */
function ageGauge(age: number | null, limit: number): Html {
  const scale = WIDTH / Math.max(limit * 1.4, (age ?? 0) * 1.1);
  const w = ((age ?? 0) * scale).toFixed(1);
  const lx = (limit * scale).toFixed(1);
  return html`<svg id="age-gauge" role="img" aria-label="oldest unchecked record age" viewBox="0 0 ${WIDTH} 40" width="${WIDTH}" height="40">
<rect class="${age !== null && age > limit ? "st-gap" : "st-collected"}" x="0" y="6" width="${w}" height="16"><title>oldest last check: ${age === null ? "nothing held" : `${age.toFixed(1)} days ago`}</title></rect>
<line class="limit" x1="${lx}" x2="${lx}" y1="0" y2="28"><title>${limit}-day limit</title></line>
<text x="${Number(lx) + 4}" y="36">${limit}-day line</text>
</svg>`;
}

function perDayChart(f: ComplianceFacts): Html {
  if (!f.days.length) return html`<p class="muted">No checks or deletions recorded in this range.</p>`;
  const H = 120;
  const max = Math.max(
    1,
    ...f.days.map((d) => d.refreshChecks + d.complianceChecks),
    ...f.days.map((d) => d.deletions),
  );
  const cell = WIDTH / f.days.length;
  return html`<svg id="checks-chart" role="img" aria-label="checks and deletions per day" viewBox="0 0 ${WIDTH} ${H + 18}" width="${WIDTH}" height="${H + 18}">
${f.days.map((d, i) => {
  const x = i * cell;
  const w = Math.max(cell / 2 - 1, 0.5);
  const hc = ((d.refreshChecks + d.complianceChecks) / max) * H;
  const hd = (d.deletions / max) * H;
  return html`<g data-day="${d.day}" data-deletions="${d.deletions}"><title>${d.day}: ${fmt(d.refreshChecks)} refreshed, ${fmt(d.complianceChecks)} compliance checks, ${fmt(d.deletions)} deleted</title><rect class="p-refresh" x="${x.toFixed(2)}" y="${(H - hc).toFixed(2)}" width="${w.toFixed(2)}" height="${hc.toFixed(2)}"/><rect class="st-gap" x="${(x + w).toFixed(2)}" y="${(H - hd).toFixed(2)}" width="${w.toFixed(2)}" height="${hd.toFixed(2)}"/></g>`;
})}
<text x="0" y="${H + 14}">${f.days[0]?.day}</text><text x="${WIDTH - 64}" y="${H + 14}">${f.days.at(-1)?.day}</text>
</svg>
<p class="legend"><span><i class="lg-refresh"></i>records checked (refresh + compliance)</span><span><i class="lg-gap"></i>deleted</span></p>`;
}

export function complianceBody(f: ComplianceFacts, now: number, limitDays: number): Html {
  const age = ageDays(f.oldestCheckAt, now);
  const share = f.refreshEligible ? (100 * f.refreshedInWindow) / f.refreshEligible : 100;
  return html`<div class="cards">
<div class="card" id="due-refresh">due for refresh<b>${fmt(f.dueForRefresh)}</b><span class="muted">videos published 10–15 days ago</span></div>
<div class="card" id="refreshed">refreshed at 10–15 days<b>${share.toFixed(1)} %</b><span class="muted">${fmt(f.refreshedInWindow)} of ${fmt(f.refreshEligible)} videos of the period older than 15 days</span></div>
<div class="card" id="oldest">oldest unchecked<b class="${age !== null && age > limitDays ? "bad" : "good"}">${age === null ? "—" : `${age.toFixed(1)} days`}</b><span class="muted">last check ${when(f.oldestCheckAt)}</span></div>
<div class="card" id="past-limit">past the ${limitDays}-day line<b class="${f.pastLimit ? "bad" : "good"}">${fmt(f.pastLimit)}</b><span class="muted">${fmt(f.dueForCompliance)} due for a check now</span></div>
</div>
<h2>Oldest unchecked record vs the ${limitDays}-day line</h2>
${ageGauge(age, limitDays)}
<h2>Checks and deletions per day</h2>
${perDayChart(f)}
<p><a id="report-link" href="/compliance/report">Printable compliance report</a></p>`;
}

/** The printable report: the same facts as a plain document with a table per day. */
export function complianceReportBody(f: ComplianceFacts, now: number, limitDays: number, from: string): Html {
  const age = ageDays(f.oldestCheckAt, now);
  return html`<p>Generated ${when(new Date(now).toISOString())} from the study's database. Period: ${from} … ${new Date(now).toISOString().slice(0, 10)}.</p>
<table id="report-summary"><tbody>
<tr><th>videos held</th><td class="n">${fmt(f.videos)}</td></tr>
<tr><th>comments held</th><td class="n">${fmt(f.comments)}</td></tr>
<tr><th>oldest last check</th><td class="n">${when(f.oldestCheckAt)} (${age === null ? "—" : `${age.toFixed(1)} days`})</td></tr>
<tr><th>records past the ${limitDays}-day line</th><td class="n">${fmt(f.pastLimit)}</td></tr>
<tr><th>records due for a check now</th><td class="n">${fmt(f.dueForCompliance)}</td></tr>
<tr><th>videos refreshed at 10–15 days</th><td class="n">${fmt(f.refreshedInWindow)} of ${fmt(f.refreshEligible)}</td></tr>
</tbody></table>
<h2>Per day</h2>
<table id="report-days"><thead><tr><th>day</th><th class="n">refreshed</th><th class="n">compliance checks</th><th class="n">deleted</th></tr></thead><tbody>
${f.days.map((d) => html`<tr><td>${d.day}</td><td class="n">${fmt(d.refreshChecks)}</td><td class="n">${fmt(d.complianceChecks)}</td><td class="n">${fmt(d.deletions)}</td></tr>`)}
</tbody></table>
<p class="muted">Deleted: records TikTok no longer returned when re-queried, removed from the store with their comments (TikTok Research API terms 3.d). The deletion log in the database holds each one's ID and reason.</p>`;
}
