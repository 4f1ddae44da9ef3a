import type { ServerResponse } from "node:http";

/** Writes a complete response, after `delayMs` when positive. */
export function respond(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType: string,
  delayMs = 0,
): void {
  const write = () => {
    if (res.destroyed) return;
    // Encode once: the length and the bytes come from the same pass over the text.
    const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
    res.writeHead(status, { "content-type": contentType, "content-length": bytes.length });
    res.end(bytes);
  };
  if (delayMs > 0) setTimeout(write, delayMs);
  else write();
}

export const JSON_TYPE = "application/json; charset=utf-8";
export const HTML_TYPE = "text/html";
