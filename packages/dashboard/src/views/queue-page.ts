import { html } from "hono/html";
import type { QueueView } from "../queries/queue-source.js";
import { fmt, type Html, when } from "./layout.js";

export function queueBody(v: QueueView, csrf: string, flash: string | null): Html {
  return html`${flash ? html`<p class="notice" id="flash">${flash}</p>` : ""}
${
  v.kind === "runs"
    ? html`<p class="notice">No queue: this store runs the in-process executor (an embedded store, or no <code>REDIS_URL</code>). These are the scheduler's runs; a run that did not complete is planned again on the worker's next tick.</p>`
    : ""
}
<div class="cards">${Object.entries(v.counts).map(([k, n]) => html`<div class="card" data-count="${k}">${k}<b>${fmt(n)}</b></div>`)}</div>
<table id="jobs"><thead><tr><th>job</th><th>state</th><th class="n">attempts</th><th>reason</th><th>at</th><th></th></tr></thead><tbody>
${v.jobs.map(
  (
    j,
  ) => html`<tr data-job="${j.id}" data-state="${j.state}"><td><code>${j.id}</code></td><td>${j.state}</td><td class="n">${j.attempts}</td><td>${j.reason ?? ""}</td><td>${when(j.at)}</td>
<td>${j.retryable ? html`<form class="inline" method="post" action="/queue/retry"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="id" value="${j.id}"><button type="submit">Retry</button></form>` : ""}</td></tr>`,
)}
</tbody></table>`;
}
