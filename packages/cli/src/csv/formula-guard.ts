/**
 * CSV injection ("formula injection", OWASP): a spreadsheet runs a cell that begins with `=`, `+`,
 * `-`, `@`, a tab or a carriage return as a formula. Such text cells are written with a leading
 * apostrophe, which spreadsheets show as text and do not display. The rule is reversible, so this
 * command's own CSV reader gives back the exact text: a cell that already begins with apostrophes
 * followed by one of those characters gets one more, and the reader removes exactly one.
 */
const NEEDS_GUARD = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

/** The text as written to a CSV cell: neutralised when a spreadsheet would read it as a formula. */
export function guardFormula(text: string): string {
  return NEEDS_GUARD.test(text) ? `'${text}` : text;
}

/** The exact text of a cell `guardFormula` wrote. */
export function unguardFormula(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}
