import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { formToJson } from "./commerce/form-body.js";
import { errorEnvelope } from "./http/envelope.js";
import { JSON_TYPE, respond } from "./http/respond.js";
import { handleResearchRequest } from "./research-endpoint.js";
import { RESEARCH_ROUTES } from "./routes/table.js";
import type { EmulatorState } from "./state.js";
import { handleTokenRequest } from "./token-endpoint.js";

const TOKEN_PATH = "/v2/oauth/token/";
const MAX_BODY_BYTES = 1_000_000;

function dispatch(state: EmulatorState, req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  let path = q < 0 ? url : url.slice(0, q);
  if (!path.endsWith("/")) path += "/";
  const query = q < 0 ? "" : url.slice(q + 1);
  const logId = () => state.ids.logId(state.clock.now());
  const notAllowed = () =>
    respond(res, 405, errorEnvelope("invalid_request", "Only POST is supported", logId()), JSON_TYPE);

  if (path === TOKEN_PATH) {
    state.stats.request("oauth/token");
    if (req.method !== "POST") {
      notAllowed();
      return;
    }
    handleTokenRequest(state, body, res);
    return;
  }
  const route = RESEARCH_ROUTES.get(path);
  if (!route) {
    state.stats.request("unknown");
    respond(res, 404, errorEnvelope("invalid_request", `No endpoint at ${path}`, logId()), JSON_TYPE);
    return;
  }
  state.stats.request(route.name);
  if (req.method !== "POST") {
    notAllowed();
    return;
  }
  if (route.body === "multipart") {
    // Form-data (batch compliance's file upload) becomes the JSON body the route reads.
    void formToJson(body, req.headers["content-type"]).then((json) =>
      handleResearchRequest(state, route, req, query, json, res),
    );
    return;
  }
  handleResearchRequest(state, route, req, query, body, res);
}

/** The emulator's HTTP server (node:http only); the caller listens and closes. */
export function createEmulatorServer(state: EmulatorState): Server {
  const server = createServer((req, res) => {
    // Byte-identical responses for a seed: no Date header.
    res.sendDate = false;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        respond(
          res,
          413,
          errorEnvelope("invalid_request", "Request body too large", state.ids.logId(state.clock.now())),
          JSON_TYPE,
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) return;
      const body =
        chunks.length === 1 ? (chunks[0] as Buffer).toString("utf8") : Buffer.concat(chunks).toString("utf8");
      dispatch(state, req, res, body);
    });
  });
  server.keepAliveTimeout = 30_000;
  return server;
}
