import { CollectionAbortedError, UpstreamError } from "@observatory/arena-core";

export interface BodyLimits {
  /** The body may hold at most this many bytes; more is an `UpstreamError` ("response_too_large"). */
  maxBytes: number;
  /** The body may go this long without a byte; longer ends the read as a stall (a timeout). */
  stallMs: number;
}

/** The body stopped producing bytes for `stallMs`: the caller treats it as a timeout (retried). */
export class BodyStallError extends Error {
  override readonly name = "BodyStallError";
  constructor(readonly stallMs: number) {
    super(`the response body stalled: no byte for ${stallMs} ms`);
  }
}

export interface ReadBodyOptions extends BodyLimits {
  signal?: AbortSignal;
  /** Called with the bytes read so far whenever a chunk arrives (the slow-request watch's heartbeat). */
  onBytes?: (total: number) => void;
  /** For the too-large message: "the video query 2026-09-01..2026-09-08". */
  describe: string;
}

/**
 * The body of `response` as text, read chunk by chunk with a size cap and a stall timeout, and
 * stopped at once by `signal`: an endless or multi-GB body costs at most `maxBytes` of memory, a
 * body that stops mid-way ends after `stallMs`, and Ctrl-C never waits for either. A declared
 * `content-length` above the cap fails before a byte is read.
 */
export async function readBoundedText(response: Response, options: ReadBodyOptions): Promise<string> {
  const { maxBytes, stallMs, signal, onBytes } = options;
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(options, declared);
  }
  const body = response.body;
  if (!body) return "";
  const reader = body.getReader();
  const decoder = new TextDecoder("utf-8");
  const parts: string[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  // One promise that rejects on a stall or an abort; each read races it.
  let fail: (error: Error) => void = () => undefined;
  const interrupted = new Promise<never>((_, reject) => {
    fail = reject;
  });
  interrupted.catch(() => undefined);
  const armStall = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => fail(new BodyStallError(stallMs)), stallMs);
  };
  if (signal) {
    if (signal.aborted) throw new CollectionAbortedError();
    onAbort = () => fail(new CollectionAbortedError());
    signal.addEventListener("abort", onAbort, { once: true });
  }
  try {
    armStall();
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), interrupted]);
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge(options, total);
      armStall();
      onBytes?.(total);
      parts.push(decoder.decode(value, { stream: true }));
    }
    parts.push(decoder.decode());
    return parts.join("");
  } catch (error) {
    // Stop the transfer: the socket is released instead of streaming on into nothing.
    await reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    if (timer) clearTimeout(timer);
    if (signal && onAbort) signal.removeEventListener("abort", onAbort);
    try {
      reader.releaseLock();
    } catch {
      // a read still pending after cancel(): the stream is closed either way
    }
  }
}

function tooLarge(options: ReadBodyOptions, bytes: number): UpstreamError {
  const mb = (n: number) => `${(n / 1_048_576).toFixed(1)} MB`;
  return new UpstreamError(
    `The answer to ${options.describe} is larger than the ${mb(options.maxBytes)} a response may be (${mb(bytes)} so far; a page of 100 videos is about 0.1 MB): the read was stopped. Not the Research API, or a fault in it; raise maxResponseBytes only if the answer is expected.`,
    {
      code: "response_too_large",
      details: { limitBytes: options.maxBytes, bytesRead: bytes },
    },
  );
}
