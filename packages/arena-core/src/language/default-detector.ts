import type { LanguageDetector } from "../ports/language-detector.js";
import { createEldDetector } from "./eld-detector.js";

/** The default detector, chosen by measurement (see the README's language table). */
export function createDefaultLanguageDetector(): Promise<LanguageDetector> {
  return createEldDetector({ size: "large" });
}
