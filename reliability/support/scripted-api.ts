/**
 * A tiny local HTTP server that plays a script of answers to the Research API's requests: the token
 * endpoint gets `token` (a valid token when unset), research requests get the script's answers in
 * order, then a valid final empty page. For fuzzing what the API sends back.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ScriptedReply {
  status: number;
  contentType?: string;
  body: Buffer;
  /** "reset": destroy the socket without an answer; "partial": send half the body, then destroy it. */
  transport?: "reset" | "partial";
}

export const VALID_TOKEN = JSON.stringify({
  access_token: "clt.scriptedscriptedscriptedscripted",
  expires_in: 7200,
  token_type: "Bearer",
});

const FINAL_PAGE = JSON.stringify({
  data: { videos: [], cursor: 0, has_more: false, search_id: "7000000000000000009" },
  error: { code: "ok", message: "", log_id: "202611240000000000000000000000" },
});

export class ScriptedApi {
  readonly #server: Server;
  script: ScriptedReply[] = [];
  token: ScriptedReply | undefined;
  requests = 0;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<ScriptedApi> {
    let api: ScriptedApi | undefined;
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => api!.#answer(req.url ?? "", res));
    });
    api = new ScriptedApi(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  #answer(url: string, res: import("node:http").ServerResponse): void {
    this.requests++;
    const reply = url.includes("/oauth/token/")
      ? (this.token ?? { status: 200, body: Buffer.from(VALID_TOKEN) })
      : (this.script.shift() ?? { status: 200, body: Buffer.from(FINAL_PAGE) });
    if (reply.transport === "reset") {
      res.socket?.destroy();
      return;
    }
    const headers: Record<string, string> = { "content-length": String(reply.body.length) };
    if (reply.contentType) headers["content-type"] = reply.contentType;
    res.writeHead(reply.status, headers);
    if (reply.transport === "partial") {
      res.write(reply.body.subarray(0, Math.floor(reply.body.length / 2)));
      setImmediate(() => res.socket?.destroy());
      return;
    }
    res.end(reply.body);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}
