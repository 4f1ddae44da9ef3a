import { createDefaultLanguageDetector, type LanguageDetector } from "@observatory/arena-core";

let shared: Promise<LanguageDetector> | undefined;

/**
 * One default language detector for a whole test file. Each collector otherwise builds its own
 * (~0.3 s of CPU for the model's tables): with a collector per fuzz case, most of the suite's time.
 */
export function suiteDetector(): Promise<LanguageDetector> {
  shared ??= createDefaultLanguageDetector();
  return shared;
}
