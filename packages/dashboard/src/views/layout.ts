import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const NAV = [
  ["/", "Studies"],
  ["/coverage", "Coverage"],
  ["/quota", "Quota"],
  ["/compliance", "Engagement & compliance"],
  ["/queue", "Queue"],
] as const;

/** The page frame: every asset comes from this server (/assets/…); no script. */
export function layout(p: { title: string; path: string; now: number; body: Html; print?: boolean }): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title} · Observatory</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/style.css">
</head>
<body class="${p.print ? "print" : ""}">
<header>
<strong class="brand">Observatory</strong>
${p.print ? "" : html`<nav>${NAV.map(([href, label]) => html`<a href="${href}"${href === p.path ? html` aria-current="page"` : ""}>${label}</a>`)}</nav>`}
<span class="now" title="the dashboard's clock (UTC)">${new Date(p.now).toISOString().slice(0, 16).replace("T", " ")} UTC</span>
</header>
<main>
<h1>${p.title}</h1>
${p.body}
</main>
</body>
</html>`;
}

/** One formatter for every number (`toLocaleString` builds one per call: ~10× slower over a year of cells). */
const NUMBERS = new Intl.NumberFormat("en-US");
export const fmt = (n: number): string => NUMBERS.format(n);
export const when = (iso: string | null): string => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "—");
