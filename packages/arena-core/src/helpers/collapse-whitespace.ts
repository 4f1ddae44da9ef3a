const WHITESPACE_RUN = /\s+/g;
/**
 * What `collapseWhitespace` changes: whitespace other than a space (`\s` spelled out without the
 * space), or two spaces. A space followed by other whitespace is caught by the first alternative;
 * this spelling scans faster than `[^\S ]| \s`.
 */
const NOT_COLLAPSED = /[\t-\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]| {2}/;

/**
 * Every run of whitespace (tabs, newlines, no-break spaces, …) as one space. Most texts have only
 * single spaces: those are returned as they are after one scan, without building a new string.
 */
export function collapseWhitespace(text: string): string {
  return NOT_COLLAPSED.test(text) ? text.replace(WHITESPACE_RUN, " ") : text;
}
