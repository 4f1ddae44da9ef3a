import type { ServerResponse } from "node:http";
import { JSON_TYPE, respond } from "./http/respond.js";
import { toWire } from "./json/wire.js";
import type { EmulatorState } from "./state.js";

/**
 * `POST /v2/oauth/token/` (form-encoded client_key, client_secret, grant_type=client_credentials).
 * Errors use TikTok's flat `{error, error_description}`, not the v2 envelope.
 */
export function handleTokenRequest(state: EmulatorState, body: string, res: ServerResponse): void {
  state.stats.tokenRequests++;
  const form = new URLSearchParams(body);
  const delay = state.options.latencyMs;
  const fail = (status: number, error: string, description: string) =>
    respond(
      res,
      status,
      toWire({ error, error_description: description, log_id: state.ids.logId(state.clock.now()) }),
      JSON_TYPE,
      delay,
    );
  if (form.get("grant_type") !== "client_credentials") {
    fail(400, "unsupported_grant_type", "grant_type must be client_credentials");
    return;
  }
  const key = form.get("client_key") ?? "";
  const secret = form.get("client_secret") ?? "";
  if (!key || state.secrets.get(key) !== secret) {
    fail(401, "invalid_client", "Client key or secret is incorrect.");
    return;
  }
  const record = state.tokens.issue(key);
  const payload = { access_token: record.token, expires_in: state.tokens.ttlSeconds, token_type: "Bearer" };
  respond(res, 200, toWire(payload), JSON_TYPE, delay);
}
