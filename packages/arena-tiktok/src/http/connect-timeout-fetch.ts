import { Agent } from "undici";

/**
 * `fetch` whose connection attempts (TCP and TLS) give up after `connectTimeoutMs`: Node's fetch has no
 * connect option of its own, so each request goes through an undici `Agent` with `connect.timeout`.
 * The failure is a `TypeError` whose cause has code `UND_ERR_CONNECT_TIMEOUT`, which the error table
 * reads as a network timeout (retried). `globalThis.fetch` is looked up per call, so test doubles that
 * replace it still see every request.
 */
export function connectTimeoutFetch(connectTimeoutMs: number): typeof globalThis.fetch {
  const dispatcher = new Agent({ connect: { timeout: connectTimeoutMs } });
  return (input, init) => globalThis.fetch(input, { ...init, dispatcher } as unknown as RequestInit);
}
