import type { ServerResponse } from "node:http";

/** Writes a complete response, after `delayMs` when positive. */
export function respond(
  res: ServerResponse,
  status: number,
  body: string,
  contentType: string,
  delayMs = 0,
): void {
  const write = () => {
    if (res.destroyed) return;
    res.writeHead(status, {
      "content-type": contentType,
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  };
  if (delayMs > 0) setTimeout(write, delayMs);
  else write();
}

export const JSON_TYPE = "application/json; charset=utf-8";
export const HTML_TYPE = "text/html";
