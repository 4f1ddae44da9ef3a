import { describe, expect, it } from "vitest";
import { type ArenaError, ConfigError } from "../errors/arena-error.js";
import { createCld3Detector, normalizeCld3Code } from "./cld3-detector.js";

describe("createCld3Detector", () => {
  it("detects a clear Danish sentence with cld3-asm", async () => {
    const detector = await createCld3Detector();
    expect(detector.name).toBe("cld3");
    const guess = detector.detect(
      "Regeringen vil hæve afgiften på benzin fra næste år, siger ministeren til pressen.",
    );
    expect(guess.language).toBe("da");
    expect(guess.confidence).toBeGreaterThan(0.9);
    expect(
      detector.detect("Die Regierung will die Steuer auf Benzin im nächsten Jahr erhöhen.").language,
    ).toBe("de");
  });

  it("gives no language for text without letters (cld3 itself answers 'ja' for an empty string)", async () => {
    const detector = await createCld3Detector();
    for (const text of ["", "😂😂", "123 456"])
      expect(detector.detect(text)).toEqual({ language: null, confidence: 0 });
  });

  it("is a clear ConfigError when the optional cld3-asm package is missing", async () => {
    const missing = Object.assign(new Error("Cannot find package 'cld3-asm'"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    const error = await createCld3Detector({ load: () => Promise.reject(missing) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ArenaError).failureType).toBe("config");
    expect((error as Error).message).toContain("pnpm add cld3-asm@4.0.0");
    expect((error as Error).cause).toBe(missing);
  });

  it("is a ConfigError when the module is not cld3-asm's", async () => {
    await expect(createCld3Detector({ load: async () => ({}) })).rejects.toBeInstanceOf(ConfigError);
  });
});

describe("normalizeCld3Code", () => {
  it("maps cld3's codes to the ISO 639 codes of the UCR", () => {
    expect(normalizeCld3Code("da")).toBe("da");
    expect(normalizeCld3Code("no")).toBe("no");
    expect(normalizeCld3Code("iw")).toBe("he");
    expect(normalizeCld3Code("ru-Latn")).toBe("ru");
    expect(normalizeCld3Code("haw")).toBe("haw");
    expect(normalizeCld3Code("und")).toBeNull();
    expect(normalizeCld3Code("")).toBeNull();
  });
});
