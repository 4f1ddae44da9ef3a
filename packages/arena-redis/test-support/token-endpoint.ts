import { createServer, type Server } from "node:http";

/** A local OAuth-like token endpoint that counts its calls and answers after `delayMs`. */
export class TokenEndpoint {
  calls = 0;
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(delayMs = 200): Promise<TokenEndpoint> {
    let endpoint: TokenEndpoint | undefined;
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        endpoint!.calls += 1;
        const n = endpoint!.calls;
        setTimeout(() => {
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify({ access_token: `clt.issued-${n}`, expires_in: 7200 }));
        }, delayMs);
      });
    });
    endpoint = new TokenEndpoint(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return endpoint;
  }

  get url(): string {
    const address = this.#server.address();
    return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/v2/oauth/token/`;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/** Requests a token from `url` as the arena would (client credentials), for workers and tests. */
export async function fetchToken(url: string): Promise<{ accessToken: string; expiresAt: number }> {
  const response = await fetch(url, { method: "POST", body: "grant_type=client_credentials" });
  const body = (await response.json()) as { access_token: string; expires_in: number };
  return { accessToken: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
}
