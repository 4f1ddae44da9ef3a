import type { LanguageDetector } from "../ports/language-detector.js";
import { createEldDetector } from "./eld-detector.js";

/**
 * The default detector, chosen by measurement (`pnpm bench` in arena-core; the README's language
 * table): eld's extra-small database with the Danish/Norwegian spelling tie-break. It reaches the
 * 95 % aim on Danish texts of ≥ 40 characters, within about a point of the large database, at 50 MB
 * instead of 380 MB and a sixth of the load time — what a streaming collector with flat memory and
 * many small workers needs. `createEldDetector({ size: "large", nordicTieBreak: true })` buys the last
 * point of accuracy. Async because eld is ESM-only and loaded with a dynamic import (the CJS build
 * works too); `detect` is synchronous.
 */
export function createDefaultLanguageDetector(): Promise<LanguageDetector> {
  return createEldDetector({ size: "extrasmall", nordicTieBreak: true });
}
