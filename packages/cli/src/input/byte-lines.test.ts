import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ByteLine, byteLines, LineTooLongError } from "./byte-lines.js";

async function lines(chunks: Buffer[], max = 1_000_000): Promise<ByteLine[]> {
  const out: ByteLine[] = [];
  for await (const l of byteLines(Readable.from(chunks), max)) out.push(l);
  return out;
}

describe("byteLines", () => {
  it("splits lines whatever the chunking: text, line numbers, offsets and byte counts", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: "grapheme", maxLength: 30 }), { maxLength: 8 }),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
        async (texts, crlf, trailing, cuts) => {
          const safe = texts.map((t) => t.replace(/[\r\n]/g, ""));
          const eol = crlf ? "\r\n" : "\n";
          const whole = Buffer.from(safe.join(eol) + (trailing ? eol : ""));
          const chunks: Buffer[] = [];
          for (let i = 0, c = 0; i < whole.length; c++) {
            const size = cuts[c % cuts.length]!;
            chunks.push(whole.subarray(i, i + size));
            i += size;
          }
          const got = await lines(chunks);
          const expected = whole.toString("utf8").split(eol);
          if (expected[expected.length - 1] === "") expected.pop();
          expect(got.map((l) => l.text)).toEqual(expected);
          expect(got.map((l) => l.line)).toEqual(expected.map((_, i) => i + 1));
          for (const l of got) {
            const text = whole.toString("utf8", l.offset, l.offset + l.bytes).replace(/\r?\n$/, "");
            expect(text).toBe(l.text);
          }
        },
      ),
    );
  });

  it("stops at a line longer than the limit, naming it, before holding more than the limit", async () => {
    const chunks = [
      Buffer.from("short\n"),
      Buffer.alloc(600, 0x61),
      Buffer.alloc(600, 0x61),
      Buffer.from("\n"),
    ];
    const seen: string[] = [];
    const error = await (async () => {
      for await (const l of byteLines(Readable.from(chunks), 1_000)) seen.push(l.text);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["short"]);
    expect(error).toBeInstanceOf(LineTooLongError);
    expect(error).toMatchObject({ line: 2, limitBytes: 1_000 });
  });

  it("reads one 60 MB line in linear time (64 KB chunks, as a file stream gives them)", async () => {
    const size = 60 * 1_048_576;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    async function* source() {
      for (let sent = 0; sent < size; sent += chunk.length) yield chunk;
      yield Buffer.from("\n");
    }
    const started = performance.now();
    let length = 0;
    for await (const l of byteLines(source(), 100 * 1_048_576)) length = l.text.length;
    const ms = performance.now() - started;
    expect(length).toBe(size);
    expect(ms).toBeLessThan(3_000); // joined at every chunk, it took 29 s
  });
});
