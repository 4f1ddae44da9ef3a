import { CollectionAbortedError, UpstreamError } from "@observatory/arena-core";
import { describe, expect, it } from "vitest";
import { BodyStallError, readBoundedText } from "./bounded-body.js";

const LIMITS = { maxBytes: 1_000, stallMs: 200, describe: "the test request" };

/** A body of `chunks`, then (unless `end`) silence forever. */
function response(
  chunks: (string | Uint8Array)[],
  options: { end?: boolean; headers?: Record<string, string> } = {},
) {
  const encoder = new TextEncoder();
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(typeof c === "string" ? encoder.encode(c) : c);
      if (options.end !== false) controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { res: new Response(stream, { headers: options.headers ?? {} }), cancelled: () => cancelled };
}

/** A body that never ends: `size` bytes per pull, as fast as it is read. */
function endless(size: number) {
  const chunk = new Uint8Array(size).fill(0x61);
  let pulled = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += size;
      controller.enqueue(chunk);
    },
    cancel() {
      cancelled = true;
    },
  });
  return { res: new Response(stream), pulled: () => pulled, cancelled: () => cancelled };
}

describe("readBoundedText", () => {
  it("returns the whole text, multi-byte characters split across chunks intact", async () => {
    const bytes = new TextEncoder().encode('{"desc":"ø æ å 🎵"}');
    const { res } = response([bytes.slice(0, 10), bytes.slice(10, 11), bytes.slice(11)]);
    expect(await readBoundedText(res, LIMITS)).toBe('{"desc":"ø æ å 🎵"}');
  });

  it("an empty body is the empty string", async () => {
    expect(await readBoundedText(new Response(null), LIMITS)).toBe("");
  });

  it("an endless body ends in an UpstreamError (response_too_large) just past the cap, the stream cancelled", async () => {
    const body = endless(256);
    const error = await readBoundedText(body.res, LIMITS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: "response_too_large", details: { limitBytes: 1_000 } });
    expect((error as Error).message).toMatch(/the test request.*larger than/);
    expect(body.pulled()).toBeLessThanOrEqual(1_000 + 256 * 3);
    expect(body.cancelled()).toBe(true);
  });

  it("a declared content-length above the cap fails before a byte is read", async () => {
    const { res, cancelled } = response(["x"], { headers: { "content-length": "2000000000" } });
    await expect(readBoundedText(res, LIMITS)).rejects.toMatchObject({ code: "response_too_large" });
    expect(cancelled()).toBe(true);
  });

  it("a body that stops sending ends after the stall timeout with a BodyStallError", async () => {
    const { res, cancelled } = response(['{"data":'], { end: false });
    const started = Date.now();
    const error = await readBoundedText(res, LIMITS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyStallError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(cancelled()).toBe(true);
  });

  it("every chunk restarts the stall clock: a slow but steady body is read whole", async () => {
    const encoder = new TextEncoder();
    let n = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((r) => setTimeout(r, 80));
        if (n++ < 5) controller.enqueue(encoder.encode("ab"));
        else controller.close();
      },
    });
    expect(await readBoundedText(new Response(stream), LIMITS)).toBe("ababababab");
  });

  it("an abort stops a stalled read at once with CollectionAbortedError", async () => {
    const { res, cancelled } = response(["{"], { end: false });
    const controller = new AbortController();
    const reading = readBoundedText(res, { ...LIMITS, stallMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await expect(reading).rejects.toBeInstanceOf(CollectionAbortedError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(cancelled()).toBe(true);
  });

  it("reports the bytes read so far after each chunk", async () => {
    const seen: number[] = [];
    const { res } = response(["abc", "de"]);
    await readBoundedText(res, { ...LIMITS, onBytes: (n) => seen.push(n) });
    expect(seen).toEqual([3, 5]);
  });
});
