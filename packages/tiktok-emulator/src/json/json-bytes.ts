/**
 * JSON text assembled as UTF-8 bytes: small per-request strings are gathered and encoded in one
 * go, while pre-encoded buffers (cached video objects) are copied as they are. Encoding a page
 * of cached videos from one big string would cost more than the rest of the request.
 */
export class JsonBytes {
  readonly #chunks: Buffer[] = [];
  #pending = "";
  #length = 0;

  text(text: string): this {
    this.#pending += text;
    return this;
  }

  bytes(bytes: Buffer): this {
    this.#flush();
    this.#chunks.push(bytes);
    this.#length += bytes.length;
    return this;
  }

  /** Appends everything another builder holds. */
  append(other: JsonBytes): this {
    this.#flush();
    other.#flush();
    for (const chunk of other.#chunks) this.#chunks.push(chunk);
    this.#length += other.#length;
    return this;
  }

  toBuffer(): Buffer {
    this.#flush();
    return this.#chunks.length === 1
      ? (this.#chunks[0] as Buffer)
      : Buffer.concat(this.#chunks, this.#length);
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    const bytes = Buffer.from(this.#pending, "utf8");
    this.#pending = "";
    this.#chunks.push(bytes);
    this.#length += bytes.length;
  }
}
