import { parseApiJson } from "../../http/lossless-json.js";

/**
 * Reads a snapshot download as records, whichever format came back: NDJSON is parsed line by line as
 * the body streams in (memory stays flat however large the snapshot), a JSON array is parsed whole.
 * Big integers stay exact (lossless parser).
 */
export async function* snapshotRecords(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = "";
  let array: boolean | undefined;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      finished = done;
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      if (array === undefined) {
        const first = buffer.trimStart();
        if (first.length) array = first.startsWith("[");
      }
      if (array === false) {
        let newline = buffer.indexOf("\n");
        while (newline >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line) yield parseApiJson(line);
          newline = buffer.indexOf("\n");
        }
      }
      if (done) break;
    }
  } finally {
    // A consumer that stops early (break, abort) closes the download instead of leaving it open.
    if (finished) reader.releaseLock();
    else await reader.cancel().catch(() => undefined);
  }
  if (array) {
    const parsed = parseApiJson(buffer);
    if (!Array.isArray(parsed)) throw new TypeError("the snapshot is neither NDJSON nor a JSON array");
    yield* parsed;
  } else if (buffer.trim()) {
    yield parseApiJson(buffer.trim());
  }
}
