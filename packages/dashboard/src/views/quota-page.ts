import { html } from "hono/html";
import type { QuotaDay } from "../queries/quota-query.js";
import { addDays, daysFrom, utcDay } from "../study-days.js";
import { fmt, type Html } from "./layout.js";

const PURPOSES = ["collect", "refresh", "compliance"] as const;
const WIDTH = 1100;
const H = 160;

export function quotaBody(p: { days: QuotaDay[]; from: string; now: number; dailyLimit: number }): Html {
  const today = utcDay(p.now);
  const all = daysFrom(p.from, today);
  const byDay = new Map(p.days.map((d) => [d.day, d]));
  const used = (d: QuotaDay | undefined) =>
    Math.max(
      d?.ledger ?? 0,
      Object.values(d?.byPurpose ?? {}).reduce((a, b) => a + b, 0),
    );
  const max = Math.max(p.dailyLimit, ...all.map((d) => used(byDay.get(d)))) * 1.05;
  const y = (v: number) => H - (v / max) * H;
  const cell = WIDTH / all.length;
  const todayUsed = used(byDay.get(today));
  const remaining = Math.max(0, p.dailyLimit - todayUsed);
  const reset = `${addDays(today, 1)} 00:00 UTC`;
  const hoursLeft = ((Date.parse(`${addDays(today, 1)}T00:00:00Z`) - p.now) / 3_600_000).toFixed(1);
  const bars = all.map((day, i) => {
    const d = byDay.get(day);
    let top = 0;
    const x = (i * cell).toFixed(2);
    const w = Math.max(cell - (cell > 4 ? 1 : 0), 0.5).toFixed(2);
    const parts = [...PURPOSES, "other"].map((purpose) => {
      const v =
        purpose === "other"
          ? Math.max(0, (d?.ledger ?? 0) - PURPOSES.reduce((a, k) => a + (d?.byPurpose[k] ?? 0), 0))
          : (d?.byPurpose[purpose] ?? 0);
      if (!v) return "";
      const r = html`<rect class="p-${purpose}" x="${x}" y="${y(top + v).toFixed(2)}" width="${w}" height="${(y(top) - y(top + v)).toFixed(2)}"/>`;
      top += v;
      return r;
    });
    const tip = `${day}: ${fmt(used(d))} of ${fmt(p.dailyLimit)} requests — ${PURPOSES.map((k) => `${k} ${fmt(d?.byPurpose[k] ?? 0)}`).join(", ")}`;
    return html`<g data-day="${day}" data-used="${used(d)}"><title>${tip}</title><rect fill="transparent" x="${x}" y="0" width="${w}" height="${H}"/>${parts}</g>`;
  });
  return html`<div class="cards">
<div class="card" id="remaining">today remaining<b>${fmt(remaining)}</b><span class="muted">of ${fmt(p.dailyLimit)} research requests</span></div>
<div class="card">used today<b>${fmt(todayUsed)}</b><span class="muted">${today}</span></div>
<div class="card" id="reset">quota resets<b>${reset}</b><span class="muted">in ${hoursLeft} h</span></div>
</div>
<h2>Requests per day by purpose</h2>
<p class="legend"><span><i class="lg-bar"></i>collect</span><span><i class="lg-refresh"></i>refresh</span><span><i class="lg-compliance"></i>compliance</span><span><i class="lg-gap"></i>daily limit</span></p>
<svg id="quota-chart" role="img" aria-label="requests per day" viewBox="0 0 ${WIDTH} ${H + 20}" width="${WIDTH}" height="${H + 20}">
${bars}
<line class="limit" x1="0" x2="${WIDTH}" y1="${y(p.dailyLimit).toFixed(2)}" y2="${y(p.dailyLimit).toFixed(2)}"><title>daily limit ${fmt(p.dailyLimit)}</title></line>
<text x="0" y="${H + 16}">${all[0]}</text><text x="${WIDTH - 64}" y="${H + 16}">${today}</text>
</svg>
<h2>Last days</h2>
<table id="quota-table"><thead><tr><th>day</th>${PURPOSES.map((k) => html`<th class="n">${k}</th>`)}<th class="n">ledger</th><th class="n">limit</th></tr></thead><tbody>
${all
  .slice(-14)
  .reverse()
  .map((day) => {
    const d = byDay.get(day);
    return html`<tr><td>${day}</td>${PURPOSES.map((k) => html`<td class="n">${fmt(d?.byPurpose[k] ?? 0)}</td>`)}<td class="n">${fmt(d?.ledger ?? 0)}</td><td class="n">${fmt(p.dailyLimit)}</td></tr>`;
  })}
</tbody></table>
<p class="muted">Purposes from the scheduler's spend; "ledger" is the store's quota ledger (every research request of the day). <a href="?days=90">90 days</a> · <a href="?days=365">365 days</a></p>`;
}
