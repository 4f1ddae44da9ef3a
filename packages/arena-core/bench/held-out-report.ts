// The language bench's held-out part (issue 22): the default detector on bench/fixtures/language-held-out.jsonl
// (the Universal Dependencies test splits, never read while tuning): precision and recall per language,
// the da/no/sv confusion matrix, and the goals for Danish texts of ≥ 40 characters as rows. Texts under
// 40 characters are reported apart.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BenchRow } from "../../../bench/bench-result.js";
import { type LabelledText, parseLabelledTexts } from "../src/language/evaluate-detector.js";
import { balancedPrecision, precisionRecall } from "../src/language/precision-recall.js";
import type { LanguageDetector } from "../src/ports/language-detector.js";

export const HELD_OUT_CORPUS = fileURLToPath(new URL("./fixtures/language-held-out.jsonl", import.meta.url));
const pct = (x: number) => Math.round(x * 1000) / 10;
const LONG = 40;

/** Share of `labels`' texts detected as `as`. */
function rate(confusion: Record<string, Record<string, number>>, labels: string[], as: string): number {
  let total = 0;
  let hits = 0;
  for (const label of labels) {
    const row = confusion[label] ?? {};
    total += Object.values(row).reduce((a, b) => a + b, 0);
    hits += row[as] ?? 0;
  }
  return total ? hits / total : 0;
}

/** The per-language table and the da/no/sv confusion matrix (Markdown lines). */
export function heldOutTables(
  detector: LanguageDetector,
  samples: readonly LabelledText[],
  title: string,
): string[] {
  const report = precisionRecall(detector, samples);
  const lines = [
    `${title} (${samples.length} texts)`,
    "",
    "| language | texts | precision % | recall % |",
    "|---|---|---|---|",
  ];
  for (const lang of ["da", "no", "sv", "en"]) {
    const c = report.perLanguage[lang];
    if (c)
      lines.push(`| ${lang} | ${c.support} | ${pct(c.precision).toFixed(1)} | ${pct(c.recall).toFixed(1)} |`);
  }
  lines.push("", "| labelled ↓ / detected → | da | no | sv | other |", "|---|---|---|---|---|");
  for (const label of ["da", "nb", "nn", "sv"]) {
    const row = report.confusion[label] ?? {};
    const total = Object.values(row).reduce((a, b) => a + b, 0);
    const share = (n: number) => `${n} (${pct(total ? n / total : 0).toFixed(1)} %)`;
    const other = total - (row.da ?? 0) - (row.no ?? 0) - (row.sv ?? 0);
    lines.push(
      `| ${label} | ${share(row.da ?? 0)} | ${share(row.no ?? 0)} | ${share(row.sv ?? 0)} | ${share(other)} |`,
    );
  }
  return lines;
}

/** Rows (with the goals) and notes (the tables) for the bench's result. */
export function heldOutSection(
  detector: LanguageDetector,
  path = HELD_OUT_CORPUS,
): { rows: BenchRow[]; notes: string[] } {
  const samples = parseLabelledTexts(readFileSync(path, "utf8"));
  const long = samples.filter((s) => [...s.text].length >= LONG);
  const short = samples.filter((s) => [...s.text].length < LONG);
  const b = balancedPrecision(detector, long);
  const noToDa = rate(precisionRecall(detector, long).confusion, ["nb", "nn"], "da");
  const bShort = balancedPrecision(detector, short);
  const rows: BenchRow[] = [
    {
      metric: "held-out: da recall (≥ 40 chars)",
      value: pct(b.recall),
      unit: "%",
      goal: "≥ 95 %",
      pass: b.recall >= 0.95,
    },
    {
      metric: `held-out: da precision vs ${b.others} nb+nn+sv texts (≥ 40 chars)`,
      value: pct(b.precision),
      unit: "%",
      goal: "≥ 97 %",
      pass: b.precision >= 0.97,
    },
    {
      metric: "held-out: no (nb+nn) → da (≥ 40 chars)",
      value: pct(noToDa),
      unit: "%",
      goal: "≤ 5 %",
      pass: noToDa <= 0.05,
    },
    { metric: "held-out: da recall (< 40 chars, reported apart)", value: pct(bShort.recall), unit: "%" },
    {
      metric: `held-out: da precision (< 40 chars, vs ${bShort.others})`,
      value: pct(bShort.precision),
      unit: "%",
    },
  ];
  const notes = [
    "",
    `held-out corpus: ${path.split("/").slice(-3).join("/")} (UD test splits: da DDT, nb/nn NDT, sv Talbanken, en EWT; CC BY-SA 4.0)`,
    ...heldOutTables(detector, long, "held-out, texts ≥ 40 characters"),
    "",
    ...heldOutTables(detector, short, "held-out, texts < 40 characters"),
  ];
  return { rows, notes };
}
