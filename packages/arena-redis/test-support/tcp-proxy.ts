import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A loopback TCP proxy in front of Redis that can lose a reply: once armed with a marker, the first
 * server reply after a client request containing the marker is never delivered, and the connection
 * is cut, as when a network drops between a script running and its reply arriving.
 */
export class LossyProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #marker: string | undefined;
  /** How many client requests contained each watched marker. */
  readonly seen = new Map<string, number>();
  dropped = 0;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(targetPort: number): Promise<LossyProxy> {
    const server = createServer();
    const proxy = new LossyProxy(server);
    server.on("connection", (client) => proxy.#pipe(client, targetPort));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get port(): number {
    const address = this.#server.address();
    return typeof address === "object" && address ? address.port : 0;
  }

  /** Loses the reply to the next request containing `marker`, and counts requests containing it. */
  dropReplyTo(marker: string): void {
    this.#marker = marker;
    this.seen.set(marker, this.seen.get(marker) ?? 0);
  }

  watch(marker: string): void {
    this.seen.set(marker, this.seen.get(marker) ?? 0);
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #pipe(client: Socket, targetPort: number): void {
    const upstream = connect({ host: "127.0.0.1", port: targetPort });
    this.#sockets.add(client).add(upstream);
    let dropNext = false;
    client.on("data", (chunk) => {
      const text = chunk.toString("latin1");
      for (const marker of this.seen.keys()) {
        if (text.includes(marker)) {
          this.seen.set(marker, (this.seen.get(marker) ?? 0) + 1);
          if (marker === this.#marker) {
            this.#marker = undefined;
            dropNext = true;
          }
        }
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (dropNext) {
        this.dropped += 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.#sockets.delete(client);
      this.#sockets.delete(upstream);
    };
    client.on("close", end);
    upstream.on("close", end);
    client.on("error", end);
    upstream.on("error", end);
  }
}
