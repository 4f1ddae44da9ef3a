/**
 * A minimal keep-alive HTTP/1.1 client over one TCP socket, for load generation: requests are
 * pre-encoded bytes and responses are split by content-length, so the load generator spends far
 * less CPU per request than node:http and the server's rate is what gets measured.
 */
import { connect, type Socket } from "node:net";

export interface RawReply {
  status: number;
  body: Buffer;
}

const HEADER_END = Buffer.from("\r\n\r\n");

export class RawConnection {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #waiting: ((reply: RawReply) => void) | undefined;
  #failed: ((error: Error) => void) | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#drain();
    });
    socket.on("error", (error) => this.#failed?.(error));
    socket.on("close", () => this.#failed?.(new Error("connection closed")));
  }

  static open(host: string, port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port }, () => resolve(new RawConnection(socket)));
      socket.once("error", reject);
    });
  }

  /** Sends one request and resolves with its response (one request in flight per connection). */
  request(bytes: Buffer): Promise<RawReply> {
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.#failed = reject;
      this.#socket.write(bytes);
    });
  }

  close(): void {
    this.#failed = undefined;
    this.#socket.destroy();
  }

  #drain(): void {
    const end = this.#buffer.indexOf(HEADER_END);
    if (end < 0) return;
    const head = this.#buffer.toString("latin1", 0, end);
    const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    const total = end + 4 + length;
    if (this.#buffer.length < total) return;
    const reply = { status: Number(head.slice(9, 12)), body: this.#buffer.subarray(end + 4, total) };
    this.#buffer = this.#buffer.subarray(total);
    const resolve = this.#waiting;
    this.#waiting = undefined;
    resolve?.(reply);
  }
}

/** A POST request as bytes. */
export function postBytes(host: string, path: string, headers: Record<string, string>, body: string): Buffer {
  const payload = Buffer.from(body, "utf8");
  let head = `POST ${path} HTTP/1.1\r\nhost: ${host}\r\nconnection: keep-alive\r\ncontent-length: ${payload.length}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  return Buffer.concat([Buffer.from(`${head}\r\n`, "latin1"), payload]);
}
