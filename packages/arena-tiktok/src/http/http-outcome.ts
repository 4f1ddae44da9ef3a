import { envelopeSchema, flatErrorSchema } from "./envelope.js";
import type { Outcome } from "./error-table.js";
import { parseApiJson } from "./lossless-json.js";

export interface ParsedResponse {
  outcome: Outcome;
  /** The envelope's `data` (or the whole flat body for the token endpoint). */
  data: unknown;
  logId?: string;
}

/** Reads a response body into an `Outcome` for the error table: envelope, flat error, HTML, or garbage. */
export function toOutcome(status: number, text: string, tokenEndpoint: boolean): ParsedResponse {
  let body: unknown;
  try {
    body = text.length ? parseApiJson(text) : undefined;
  } catch {
    return { outcome: { status, hasData: false, nonJson: true, tokenEndpoint }, data: undefined };
  }
  const envelope = envelopeSchema.safeParse(body);
  if (envelope.success) {
    const { error, data } = envelope.data;
    return {
      outcome: {
        status,
        code: error.code,
        message: error.message,
        hasData: data !== undefined && data !== null,
        nonJson: false,
        tokenEndpoint,
      },
      data,
      logId: error.log_id,
    };
  }
  const flat = flatErrorSchema.safeParse(body);
  if (flat.success) {
    return {
      outcome: {
        status,
        code: flat.data.error,
        message: flat.data.error_description,
        hasData: false,
        nonJson: false,
        tokenEndpoint,
      },
      data: undefined,
      logId: flat.data.log_id,
    };
  }
  const isObject = typeof body === "object" && body !== null;
  return {
    outcome: { status, hasData: tokenEndpoint && isObject, nonJson: !isObject, tokenEndpoint },
    data: body,
  };
}

/** Maps a fetch/ky failure below HTTP to an outcome, or undefined when it is not a network failure. */
export function networkOutcome(error: unknown): Outcome | undefined {
  const name = (error as { name?: string })?.name;
  if (name === "TimeoutError") return { status: 0, hasData: false, nonJson: true, network: "timeout" };
  const code = findErrorCode(error);
  if (code === "UND_ERR_CONNECT_TIMEOUT") {
    return { status: 0, hasData: false, nonJson: true, network: "timeout", message: "connecting" };
  }
  const message = (error as Error)?.message ?? String(error);
  if (code === "ENOTFOUND") {
    // NXDOMAIN: the name does not exist, which no retry changes (a failing resolver says EAI_AGAIN).
    return {
      status: 0,
      hasData: false,
      nonJson: true,
      network: "unknown-host",
      message: findHostname(error),
    };
  }
  if (code === "ECONNREFUSED" || code === "EAI_AGAIN") {
    return { status: 0, hasData: false, nonJson: true, network: "refused", message: code };
  }
  if (
    code !== undefined ||
    (error instanceof TypeError && /fetch failed|socket|terminated|network/i.test(message)) ||
    /socket hang up|ECONNRESET|other side closed|terminated/i.test(message)
  ) {
    return { status: 0, hasData: false, nonJson: true, network: "reset", message: code ?? message };
  }
  return undefined;
}

/** The first value `pick` finds on the error or along its chain of causes (at most five deep). */
function inCauses(
  error: unknown,
  pick: (e: Record<string, unknown>) => string | undefined,
): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const found = pick(current as Record<string, unknown>);
    if (found !== undefined) return found;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const findErrorCode = (error: unknown) =>
  inCauses(error, ({ code }) =>
    typeof code === "string" && (/^E[A-Z]+/.test(code) || code.startsWith("UND_ERR")) ? code : undefined,
  );

const findHostname = (error: unknown) =>
  inCauses(error, ({ hostname }) => (typeof hostname === "string" ? hostname : undefined));
