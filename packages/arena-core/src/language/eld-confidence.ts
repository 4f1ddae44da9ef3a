/**
 * Softmax temperature that turns eld's per-language scores (0..1, close together: the runner-up of a
 * Danish text is often Norwegian at 0.05 below) into a confidence. Calibrated on the labelled corpus in
 * bench/fixtures: detections with confidence ≥ 0.9 are right 99 % of the time, those at 0.5–0.6 about
 * two times in three (expected calibration error ≈ 0.03; `pnpm bench` reports it).
 */
export const CONFIDENCE_TEMPERATURE = 0.02;

/** Rounds a probability to three decimals, as every confidence the eld adapter reports. */
export const roundConfidence = (p: number): number => Math.round(p * 1000) / 1000;

/**
 * A calibrated confidence from eld's scores: the softmax probability of `language` among all scores.
 * The scores are summed in the order given; eld's `getScores()` lists them best first.
 */
export function eldConfidence(scores: Record<string, number>, language: string): number {
  const top = scores[language];
  if (top === undefined) return 0;
  let sum = 0;
  for (const score of Object.values(scores)) sum += Math.exp((score - top) / CONFIDENCE_TEMPERATURE);
  return roundConfidence(1 / sum);
}
