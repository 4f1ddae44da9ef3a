import type { IncomingMessage, ServerResponse } from "node:http";
import { parseFields } from "./fields.js";
import { ApiError, internalError, invalidParams } from "./http/api-error.js";
import { errorEnvelope, GATEWAY_TIMEOUT_HTML, okEnvelope } from "./http/envelope.js";
import { HTML_TYPE, JSON_TYPE, respond } from "./http/respond.js";
import { remainingDelay } from "./http/response-delay.js";
import { type JsonValue, parseLossless } from "./json/lossless.js";
import { BroadWindowTimeout } from "./routes/broad-window-timeout.js";
import type { Route } from "./routes/route.js";
import type { EmulatorState } from "./state.js";

const NO_FIELDS: ReadonlySet<string> = new Set();

const TOKEN_MESSAGES = {
  missing: "The access token is invalid or not found in the request.",
  unknown: "The access token is invalid or not found in the request.",
  expired: "The access token is invalid or has expired.",
  revoked: "The access token is invalid or has been revoked.",
} as const;

function parseBody(text: string): { [key: string]: JsonValue } {
  if (text.trim().length === 0) return {};
  let value: JsonValue;
  try {
    value = parseLossless(text);
  } catch {
    throw invalidParams("Invalid request body: it must be a JSON object");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidParams("Invalid request body: it must be a JSON object");
  }
  return value;
}

/**
 * One research request, in the order the real service appears to apply things: token (401),
 * injected token revocation, daily quota (429, then the request counts), transport faults
 * (socket reset, HTML 504, slowness), injected 500s, then body, fields and the endpoint itself.
 */
export function handleResearchRequest(
  state: EmulatorState,
  route: Route,
  req: IncomingMessage,
  query: string,
  body: string,
  res: ServerResponse,
): void {
  const nowMs = state.clock.now();
  state.living?.advance(Math.floor(nowMs / 1000));
  const { faults, quota } = state;
  const began = performance.now();
  let delay = faults.latency(state.options.latencyMs);
  // The latency is the whole response time (a page that took 20 ms to build waits 20 ms less).
  const wait = (ms: number) => remainingDelay(ms, began);
  const fail = (e: ApiError) =>
    respond(res, e.status, errorEnvelope(e.code, e.message, state.ids.logId(nowMs)), JSON_TYPE, wait(delay));

  const auth = state.tokens.check(req.headers.authorization);
  if (!auth.ok) {
    fail(new ApiError(401, "access_token_invalid", TOKEN_MESSAGES[auth.reason]));
    return;
  }
  const token = auth.record;
  const after = faults.config.revokeTokenAfter;
  const worn = after !== undefined && token.uses >= after;
  if (worn) faults.count("tokenRevoked");
  if (worn || faults.roll("tokenRevoked", faults.config.tokenRevokeRate)) {
    token.revoked = true;
    fail(new ApiError(401, "access_token_invalid", TOKEN_MESSAGES.revoked));
    return;
  }
  token.uses++;
  if (!quota.allows(token.clientKey, route.pool)) {
    fail(new ApiError(429, "rate_limit_exceeded", "API rate limit exceeded: the daily quota is spent."));
    return;
  }
  quota.countRequest(token.clientKey, route.pool);

  if (faults.roll("connectionReset", faults.config.connectionResetRate)) {
    req.socket.destroy();
    return;
  }
  delay += faults.slowDelay();
  if (faults.roll("gatewayTimeout", faults.config.gatewayTimeoutRate)) {
    respond(res, 504, GATEWAY_TIMEOUT_HTML, HTML_TYPE, wait(delay));
    return;
  }
  if (faults.roll("internalError", faults.config.internalErrorRate)) {
    fail(internalError());
    return;
  }

  try {
    const rule = route.fields;
    const fields = rule
      ? state.fieldSets.getOrCreate(`${route.name}?${query}`, () =>
          parseFields(new URLSearchParams(query).get("fields"), rule),
        )
      : NO_FIELDS;
    const result = route.handle({
      corpus: state.corpus,
      nowSeconds: Math.floor(nowMs / 1000),
      body: parseBody(body),
      fields,
      faults,
      searches: state.searches,
      videos: state.videos,
      sampling: state.sampling,
      commerce: state.commerce,
    });
    quota.countRecords(token.clientKey, route.pool, result.records);
    state.stats.pagesServed++;
    respond(res, 200, okEnvelope(result.data, state.ids.logId(nowMs)), JSON_TYPE, wait(delay));
  } catch (e) {
    if (e instanceof BroadWindowTimeout) {
      respond(res, 504, GATEWAY_TIMEOUT_HTML, HTML_TYPE, wait(delay + e.delayMs));
      return;
    }
    fail(e instanceof ApiError ? e : internalError("Server Internal Error"));
  }
}
