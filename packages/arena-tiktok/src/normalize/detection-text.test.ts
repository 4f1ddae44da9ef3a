import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectionText } from "./detection-text.js";

/** The first implementation: every pattern on every caption. The fast one must agree with it. */
function reference(description: string, voiceToText?: string | null): string {
  const caption = description.replace(/https?:\/\/\S+/g, " ").replace(/@[\p{L}\p{N}._]+/gu, " ");
  const words = caption
    .replace(/#[\p{L}\p{N}_]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  const base = words.length >= 3 ? words : caption.replace(/#/g, " ").replace(/\s+/g, " ").trim();
  return voiceToText ? `${base} ${voiceToText}`.trim() : base;
}

describe("detectionText", () => {
  it("removes URLs, mentions and hashtags; falls back to the hashtags' words when nothing is left", () => {
    expect(detectionText("Klimaet #dkpol @dr https://dr.dk/x er til debat")).toBe("Klimaet er til debat");
    expect(detectionText("#fyp #klima")).toBe("fyp klima");
    expect(detectionText("ok #fyp", "og så videre")).toBe("ok fyp og så videre");
    expect(detectionText("", null)).toBe("");
  });

  it("equals the pattern-by-pattern reference on any caption", () => {
    const piece = fc.oneof(
      fc.constantFrom(
        "#fyp",
        "#dk_pol2",
        "@anna.b",
        "https://t.co/x?y=1",
        "http://a",
        " ",
        "\n\t",
        "ab",
        "æøå",
        "😂",
        "#",
        "@",
        "_",
        "#_x",
        "#\u00a0",
        "\u00a0",
        "\u3000",
        "\ufeff",
        "\u2028",
        "\u200b",
        "#𝐀b",
        "𝟙",
        "#𝟙",
        "#\ud835",
        "\udc00",
        "##a",
        "# a",
        "a  b",
      ),
      fc.string({ unit: "grapheme", maxLength: 5 }),
    );
    const caption = fc.array(piece, { maxLength: 12 }).map((p) => p.join(""));
    fc.assert(
      fc.property(caption, fc.option(caption), (description, voice) => {
        expect(detectionText(description, voice)).toBe(reference(description, voice));
      }),
      { numRuns: 20000 },
    );
  });

  it("equals the reference around every UTF-16 code unit", () => {
    for (let c = 0; c <= 0xffff; c++) {
      const u = String.fromCharCode(c);
      for (const caption of [`ab #x${u}y cd`, `ab ${u} #${u}`, `ab${u}#fyp`]) {
        if (detectionText(caption) !== reference(caption)) {
          expect(detectionText(caption)).toBe(reference(caption));
        }
      }
    }
  });
});
