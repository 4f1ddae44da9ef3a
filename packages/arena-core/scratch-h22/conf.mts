import { readFileSync } from "node:fs";
import { createDefaultLanguageDetector } from "../src/language/default-detector.js";
import { parseLabelledTexts } from "../src/language/evaluate-detector.js";

const all = parseLabelledTexts(readFileSync(process.argv[2]!, "utf8"));
const d = await createDefaultLanguageDetector();
for (const [name, xs] of [
  ["long", all.filter((s) => [...s.text].length >= 40)],
  ["short", all.filter((s) => [...s.text].length < 40)],
] as const) {
  const da = xs.filter((s) => s.lang === "da");
  const share = Math.floor(da.length / 3);
  const others = ["nb", "nn", "sv"].flatMap((l) => xs.filter((s) => s.lang === l).slice(0, share));
  for (const min of [0, 0.6, 0.7, 0.8, 0.9]) {
    const keep = (t: string) => {
      const g = d.detect(t);
      return g.language === "da" && g.confidence >= min;
    };
    const tp = da.filter((s) => keep(s.text)).length,
      fp = others.filter((s) => keep(s.text)).length;
    console.log(
      name,
      min,
      "recall",
      ((100 * tp) / da.length).toFixed(1),
      "precision",
      ((100 * tp) / (tp + fp)).toFixed(1),
    );
  }
}
