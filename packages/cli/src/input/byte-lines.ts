const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** A line longer than the limit: reading stopped there, without holding the line in memory. */
export class LineTooLongError extends Error {
  override readonly name = "LineTooLongError";
  constructor(
    readonly line: number,
    readonly limitBytes: number,
  ) {
    super(`line ${line} is longer than ${limitBytes} bytes`);
  }
}

export interface ByteLine {
  text: string;
  /** 1-based line number (blank lines counted). */
  line: number;
  offset: number;
  bytes: number;
}

/**
 * The lines of a byte stream with where each is in the file: `offset` and `bytes` cover the line and
 * its "\n" ("\r\n" too; the text has neither). UTF-8 is decoded line by line: a newline byte is never
 * inside a multi-byte character. Linear in the input: a line that spans many chunks is joined once,
 * when its end arrives (joining at every chunk made one 60 MB line take 29 s). A line longer than
 * `maxLineBytes` ends the read with a `LineTooLongError` as soon as it is known to be too long.
 */
export async function* byteLines(
  input: AsyncIterable<Buffer>,
  maxLineBytes: number,
): AsyncGenerator<ByteLine> {
  /** The pieces of the line begun in earlier chunks, and their length. */
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineOffset = 0;
  let line = 0;
  const emit = (start: Buffer, end: number, hasNewline: boolean): ByteLine => {
    const whole = pending.length
      ? Buffer.concat([...pending, start.subarray(0, end)])
      : start.subarray(0, end);
    const bytes = whole.length + (hasNewline ? 1 : 0);
    const textEnd =
      hasNewline && whole.length > 0 && whole[whole.length - 1] === CARRIAGE_RETURN
        ? whole.length - 1
        : whole.length;
    const result = { text: whole.toString("utf8", 0, textEnd), line: ++line, offset: lineOffset, bytes };
    lineOffset += bytes;
    pending = [];
    pendingBytes = 0;
    return result;
  };
  for await (const chunk of input) {
    let rest = chunk;
    for (let end = rest.indexOf(NEWLINE); end >= 0; end = rest.indexOf(NEWLINE)) {
      if (pendingBytes + end > maxLineBytes) throw new LineTooLongError(line + 1, maxLineBytes);
      yield emit(rest, end, true);
      rest = rest.subarray(end + 1);
    }
    if (rest.length) {
      pending.push(rest);
      pendingBytes += rest.length;
      if (pendingBytes > maxLineBytes) throw new LineTooLongError(line + 1, maxLineBytes);
    }
  }
  if (pendingBytes) yield emit(Buffer.alloc(0), 0, false);
}
