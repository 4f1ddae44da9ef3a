// Test support: nock scopes for the token endpoint and the Research API, with raw JSON bodies so
// 64-bit IDs go over the wire as bare numbers exactly as TikTok sends them.
import { randomUUID } from "node:crypto";
import nock from "nock";

import { BASE, CLIENT_KEY, CLIENT_SECRET } from "./test-collector.js";

export * from "./api-fixtures.js";
export { BASE, CLIENT_KEY, CLIENT_SECRET, collect, SALT, testCollector } from "./test-collector.js";

/** Intercepts the token endpoint `times` times; each call issues a new token (unique across scopes too). */
export function tokenScope(times = 1, expiresIn = 7200) {
  const scope = randomUUID().slice(0, 8);
  let issued = 0;
  return nock(BASE)
    .post(
      "/v2/oauth/token/",
      (body) => body.client_key === CLIENT_KEY && body.client_secret === CLIENT_SECRET,
    )
    .times(times)
    .reply(200, () => ({
      access_token: `clt.test-token-${scope}-${++issued}-${"x".repeat(20)}`,
      expires_in: expiresIn,
      token_type: "Bearer",
    }));
}
