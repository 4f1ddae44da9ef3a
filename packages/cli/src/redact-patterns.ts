/**
 * The last line of defence for text this command prints about a failure: TikTok client tokens and
 * bearer tokens are masked by shape (configured secrets are masked by value where they are known).
 */
export function redactPatterns(text: string): string {
  return text
    .replace(/\bclt\.[A-Za-z0-9._~+/=-]+/g, "clt.[REDACTED]")
    .replace(/\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [REDACTED]");
}
