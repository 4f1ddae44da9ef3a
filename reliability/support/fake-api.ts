/**
 * A `fetch` that answers like the Research API without a network: a token, then empty final pages.
 * It aborts the collection (through `controller`) after `maxResearchCalls` research requests, so a
 * fuzzed query over years of windows stays short.
 */
export function fakeApiFetch(controller: AbortController, maxResearchCalls = 3): typeof fetch {
  let calls = 0;
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  return async (input) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.includes("/oauth/token/")) {
      return json({ access_token: "clt.fakefakefakefakefakefake", expires_in: 7200, token_type: "Bearer" });
    }
    calls++;
    if (calls >= maxResearchCalls) controller.abort();
    return json({
      data: { videos: [], cursor: 0, has_more: false, search_id: "7000000000000000001" },
      error: { code: "ok", message: "", log_id: "20261124000000000000000000000000" },
    });
  };
}
