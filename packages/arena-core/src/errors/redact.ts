/**
 * Secret redaction. Every message, log line and serialised error passes through `redact` before it
 * leaves the process. Known secrets (registered values) are replaced verbatim; well-known secret
 * shapes (bearer tokens, TikTok client tokens, form fields named like secrets) are replaced by pattern.
 */
export const REDACTED = "[REDACTED]";

const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\bclt\.[A-Za-z0-9._~+/=-]+/g, `clt.${REDACTED}`],
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [
    /\b(client_secret|access_token|refresh_token|api_key|apikey|password)(["']?\s*[=:]\s*["']?)[^"'&\s,}]+/gi,
    `$1$2${REDACTED}`,
  ],
];

const SECRET_KEY = /secret|token|password|authorization|api[-_]?key|salt/i;

/** A set of secret values known to this process (credentials, tokens as they are issued). */
export class SecretRegistry {
  readonly #values = new Set<string>();

  add(value: string | undefined | null): void {
    // Very short values would redact ordinary words; credentials are never this short.
    if (value && value.length >= 6) this.#values.add(value);
  }

  redact(text: string): string {
    let out = text;
    for (const value of this.#values) {
      if (out.includes(value)) out = out.split(value).join(REDACTED);
    }
    for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }

  /** Deep-redacts a JSON-like value: strings are redacted, keys that name secrets are masked. */
  redactValue(value: unknown, depth = 0): unknown {
    if (depth > 8) return "[…]";
    if (typeof value === "string") return this.redact(value);
    if (value instanceof Error) return this.redact(`${value.name}: ${value.message}`);
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
    if (typeof value === "bigint") return value.toString();
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v, depth + 1));
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        out[k] = SECRET_KEY.test(k) && typeof v === "string" ? REDACTED : this.redactValue(v, depth + 1);
      }
      return out;
    }
    return value;
  }
}

/** Redacts with the patterns only (no registered values). */
export function redact(text: string, secrets: Iterable<string> = []): string {
  const registry = new SecretRegistry();
  for (const s of secrets) registry.add(s);
  return registry.redact(text);
}
