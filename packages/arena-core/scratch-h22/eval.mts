import { readFileSync } from "node:fs";
import { createDefaultLanguageDetector } from "../src/language/default-detector.js";
import { createEldDetector } from "../src/language/eld-detector.js";
import { parseLabelledTexts } from "../src/language/evaluate-detector.js";
import { balancedPrecision, precisionRecall } from "../src/language/precision-recall.js";

const file = process.argv[2]!;
const all = parseLabelledTexts(readFileSync(file, "utf8"));
const long = all.filter((s) => [...s.text].length >= 40);
const short = all.filter((s) => [...s.text].length < 40);
for (const [name, d] of [["default", await createDefaultLanguageDetector()]] as const) {
  for (const [set, xs] of [
    ["long", long],
    ["short", short],
  ] as const) {
    const r = precisionRecall(d, xs);
    const b = balancedPrecision(d, xs);
    console.log(
      name,
      set,
      xs.length,
      JSON.stringify(
        Object.fromEntries(
          Object.entries(r.perLanguage).map(([k, v]) => [
            k,
            [v.support, +(v.precision * 100).toFixed(1), +(v.recall * 100).toFixed(1)],
          ]),
        ),
      ),
    );
    console.log("  balanced", JSON.stringify(b));
    console.log("  conf", JSON.stringify(r.confusion));
  }
}
if (process.argv[3] === "errors") {
  const d = await createDefaultLanguageDetector();
  for (const s of long) {
    const g = d.detect(s.text);
    if ((s.lang === "da") !== (g.language === "da") && ["da", "nb", "nn", "sv"].includes(s.lang))
      console.log(s.lang, "→", g.language, g.confidence, s.text);
  }
}
