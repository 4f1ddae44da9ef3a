/**
 * Whether a text has any letter (Unicode `\p{L}`): detectors answer "no language" without one.
 *
 * The expression is built once, here. The build (esbuild, target node20) turns a `\p{…}` literal into
 * `new RegExp(…)` where it stands, so a literal inside a detector's `detect` made a new RegExp object
 * on every call (V8 reuses the compiled pattern, but a call still took 0.19 µs instead of 0.04).
 */
const LETTER = /\p{L}/u;

export function hasLetter(text: string): boolean {
  return LETTER.test(text);
}
