import type { LanguageDetector } from "../ports/language-detector.js";
import { createEldDetector } from "./eld-detector.js";

/**
 * The default detector, chosen by measurement (`pnpm bench` in arena-core; the README's language
 * table): eld's large database with the Danish/Norwegian spelling tie-break. Async because eld is
 * ESM-only and loaded with a dynamic import (the CJS build works too); `detect` is synchronous.
 */
export function createDefaultLanguageDetector(): Promise<LanguageDetector> {
  return createEldDetector({ size: "large", nordicTieBreak: true });
}
