const WHITESPACE_RUN = /\s+/g;
/** Whitespace other than a space, or a space followed by whitespace: what `collapseWhitespace` changes. */
const NOT_COLLAPSED = /[^\S ]| \s/;

/**
 * Every run of whitespace (tabs, newlines, no-break spaces, …) as one space. Most texts have only
 * single spaces: those are returned as they are after one scan, without building a new string.
 */
export function collapseWhitespace(text: string): string {
  return NOT_COLLAPSED.test(text) ? text.replace(WHITESPACE_RUN, " ") : text;
}
