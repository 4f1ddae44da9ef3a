// The detector configurations the language benchmark compares (shared by the bench and its load probe).
import { createCld3Detector } from "../src/language/cld3-detector.js";
import { createDefaultLanguageDetector } from "../src/language/default-detector.js";
import { createEldDetector } from "../src/language/eld-detector.js";
import type { LanguageDetector } from "../src/ports/language-detector.js";
import { createCld2Detector, createFrancMinDetector, createTinyldDetector } from "./candidate-detectors.js";

/** Languages a Danish TikTok stream mostly holds, for the eld subset variant. */
export const NEAR_LANGUAGES = [
  "da",
  "no",
  "sv",
  "de",
  "en",
  "nl",
  "is",
  "fi",
  "fr",
  "es",
  "it",
  "pl",
  "tr",
  "ar",
];

export interface DetectorEntry {
  label: string;
  create: () => Promise<LanguageDetector>;
  /** Measured only when its package is installed (otherwise listed in the notes as skipped). */
  optional?: boolean;
  /** Loads modules the detector needs before its load time and memory are measured. */
  prepare?: () => Promise<unknown>;
}

/** The package as built (`pnpm build`), with dist/eld-extrasmall.tables beside it. */
const importBuilt = () =>
  import(new URL("../dist/index.js", import.meta.url).href) as Promise<{
    createDefaultLanguageDetector: typeof createDefaultLanguageDetector;
  }>;

export const DETECTORS: Record<string, DetectorEntry> = {
  default: {
    label: "default (eld extrasmall + Nordic tie-break)",
    create: () => createDefaultLanguageDetector(),
  },
  "default-built": {
    label: "default as built (dist/: n-gram tables precompiled by the build)",
    prepare: () => importBuilt(),
    create: async () => (await importBuilt()).createDefaultLanguageDetector(),
    optional: true,
  },
  "default-eld-api": {
    label: "default through eld's public API (before the compiled engine)",
    create: () => createEldDetector({ size: "extrasmall", nordicTieBreak: true, engine: "eld" }),
  },
  "eld-large-nordic": {
    label: "eld large + Nordic tie-break",
    create: () => createEldDetector({ size: "large", nordicTieBreak: true }),
  },
  "eld-large": { label: "eld large", create: () => createEldDetector({ size: "large" }) },
  "eld-large-subset": {
    label: `eld large, ${NEAR_LANGUAGES.length}-language subset`,
    create: () => createEldDetector({ size: "large", languages: NEAR_LANGUAGES }),
  },
  "eld-large-nordic-da": {
    label: "eld large + tie-break + Danish prior (margin 0.02)",
    create: () => createEldDetector({ size: "large", nordicTieBreak: true, danishTieMargin: 0.02 }),
  },
  "eld-medium-nordic": {
    label: "eld medium + Nordic tie-break",
    create: () => createEldDetector({ size: "medium", nordicTieBreak: true }),
  },
  "eld-medium": { label: "eld medium", create: () => createEldDetector({ size: "medium" }) },
  "eld-small": { label: "eld small", create: () => createEldDetector({ size: "small" }) },
  "eld-extrasmall": { label: "eld extrasmall", create: () => createEldDetector({ size: "extrasmall" }) },
  cld3: { label: "cld3-asm 4.0.0 (minBytes 0)", create: () => createCld3Detector() },
  tinyld: { label: "tinyld 1.3.4", create: () => createTinyldDetector() },
  "franc-min": {
    label: "franc-min 6.2.0 (no Danish/Norwegian model)",
    create: () => createFrancMinDetector(),
  },
  cld2: { label: "cld 2.10.1 (CLD2, native addon)", create: () => createCld2Detector(), optional: true },
};
