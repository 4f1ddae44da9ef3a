/** A BMP code unit's entry: its lower case (the low 16 bits), marked worked out, and whether it is a letter. */
export const KNOWN = 1 << 16;
export const IS_LETTER = 1 << 17;
/** The lower case (of an entry that is not SPECIAL). */
export const LOWER = 0xffff;
/** Its lower case is not one code unit of its own (İ → "i̇"; Σ → σ, or ς at a word's end). */
export const SPECIAL = -1;
const CAPITAL_SIGMA = 0x3a3;
const LETTER = /\p{L}/u;

/**
 * `toLowerCase` and `\p{L}` (of the lower case) per BMP code unit, each worked out once (so exactly the
 * runtime's), in a 256 KB table of the returned function's own: `lowerCase(c)` is an entry (KNOWN,
 * IS_LETTER, LOWER) or SPECIAL, for which a caller takes the strings' path.
 */
export function createLowerCaseTable(): (c: number) => number {
  const known = new Int32Array(0x10000);
  return (c) => {
    const info = known[c]!;
    if (info !== 0) return info;
    const lower = String.fromCharCode(c).toLowerCase();
    const computed =
      lower.length !== 1 || c === CAPITAL_SIGMA
        ? SPECIAL
        : KNOWN | (LETTER.test(lower) ? IS_LETTER : 0) | lower.charCodeAt(0);
    known[c] = computed;
    return computed;
  };
}
