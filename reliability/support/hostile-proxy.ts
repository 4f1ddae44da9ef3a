/**
 * A loopback server between the command and the emulator that misbehaves on cue: requests pass
 * through to the emulator unless the script for their kind (the token endpoint, or research requests)
 * says otherwise — hang before the headers, send headers and a little body then stall, send an
 * endless body, or answer late. For the time, memory and Ctrl-C cases of the hostile tries.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  | { kind: "pass" }
  | { kind: "hang" }
  | { kind: "stall-body" }
  | { kind: "endless" }
  | { kind: "late"; ms: number };

export type RequestKind = "token" | "research";

export class HostileProxy {
  readonly #server: Server;
  readonly #target: string;
  readonly #open = new Set<ServerResponse>();
  script: Record<RequestKind, Fault[]> = { token: [], research: [] };
  /** Rewrites the text of research answers that pass through (hostile content, e.g. formulas). */
  rewrite: ((body: string) => string) | undefined;
  /** Requests seen per kind, and waiters for the n-th fault to start. */
  readonly seen: Record<RequestKind, number> = { token: 0, research: 0 };
  #faultWaiters: (() => void)[] = [];

  private constructor(server: Server, target: string) {
    this.#server = server;
    this.#target = target;
  }

  static async start(target: string): Promise<HostileProxy> {
    let proxy: HostileProxy | undefined;
    const server = createServer((req, res) => void proxy!.#handle(req, res));
    proxy = new HostileProxy(server, target);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Resolves when a scripted fault (not a pass) has begun. */
  faultStarted(): Promise<void> {
    return new Promise((resolve) => this.#faultWaiters.push(resolve));
  }

  async close(): Promise<void> {
    for (const res of this.#open) res.destroy();
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const kind: RequestKind = req.url?.startsWith("/v2/oauth/token/") ? "token" : "research";
    this.seen[kind]++;
    const fault = this.script[kind].shift() ?? { kind: "pass" };
    this.#open.add(res);
    res.on("close", () => this.#open.delete(res));
    if (fault.kind !== "pass") {
      const waiters = this.#faultWaiters;
      this.#faultWaiters = [];
      for (const w of waiters) w();
    }
    switch (fault.kind) {
      case "hang":
        return;
      case "stall-body":
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"data":{"videos":[');
        return;
      case "endless": {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"data":{"videos":[');
        const chunk = Buffer.alloc(256 * 1024, 0x20);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once("drain", pump);
        };
        pump();
        return;
      }
      case "late":
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        break;
      case "pass":
        break;
    }
    if (res.destroyed) return;
    const answer = await fetch(`${this.#target}${req.url}`, {
      method: req.method ?? "POST",
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(
          (e): e is [string, string] =>
            typeof e[1] === "string" && !/^(host|connection|content-length)$/i.test(e[0]),
        ),
      ),
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    let body = Buffer.from(await answer.arrayBuffer());
    if (kind === "research" && this.rewrite) body = Buffer.from(this.rewrite(body.toString("utf8")));
    res.writeHead(answer.status, {
      "content-type": answer.headers.get("content-type") ?? "application/json",
    });
    res.end(body);
  }
}
