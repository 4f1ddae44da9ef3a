/** The dashboard's only assets, served from /assets/: one stylesheet and an icon. No font is loaded. */
export const STYLE_CSS = `
:root { --fg:#1d2330; --muted:#5b6475; --line:#d8dde6; --ok:#2f8f5b; --gap:#d9534f; --giveup:#7b2cbf; --tail:#f2c14e; --bar:#3a6ea5; --bg:#fff; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); background: #f6f8fb; }
header nav { display: flex; gap: 1rem; flex-wrap: wrap; }
header a { color: var(--bar); text-decoration: none; }
header a[aria-current=page] { font-weight: 600; text-decoration: underline; }
header .now { margin-left: auto; color: var(--muted); }
main { padding: 1rem 1.2rem 3rem; max-width: 1200px; }
h1 { font-size: 1.4rem; margin: .3rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .6rem; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: 12px; background: #f1f3f7; padding: 0 .2rem; border-radius: 3px; }
.muted { color: var(--muted); }
.cards { display: flex; gap: 1rem; flex-wrap: wrap; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .9rem; min-width: 12rem; }
.card b { display: block; font-size: 1.4rem; }
.bad { color: var(--gap); }
.good { color: var(--ok); }
.legend span { display: inline-flex; align-items: center; gap: .3rem; margin-right: 1rem; }
.lg-collected { background: var(--ok); } .lg-gap { background: var(--gap); } .lg-given-up { background: var(--giveup); } .lg-tail { background: var(--tail); } .lg-bar { background: var(--bar); } .lg-refresh { background: var(--ok); } .lg-compliance { background: var(--tail); }
.legend i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
.st-collected { fill: var(--ok); } .st-gap { fill: var(--gap); } .st-given-up { fill: var(--giveup); } .st-pending { fill: #c9ced8; }
.tail { fill: var(--tail); opacity: .35; }
.bar { fill: var(--bar); }
.limit { stroke: var(--gap); stroke-width: 1.5; stroke-dasharray: 4 3; }
.p-collect { fill: var(--bar); } .p-refresh { fill: var(--ok); } .p-compliance { fill: var(--tail); } .p-other { fill: #999; }
form.inline { display: inline; }
button { font: inherit; padding: .15rem .6rem; cursor: pointer; }
.notice { padding: .5rem .8rem; border-left: 4px solid var(--bar); background: #eef3fa; margin: .5rem 0 1rem; }
body.print header { background: none; }
@media print { header nav { display: none; } a { color: inherit; text-decoration: none; } }
`;

export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#3a6ea5"/><circle cx="8" cy="8" r="3" fill="#fff"/></svg>`;
