import { JsonBytes } from "../json/json-bytes.js";

/** The v2 envelope: `{data, error: {code, message, log_id}}` around pre-serialised data. */
export function okEnvelope(data: string | JsonBytes, logId: string): Buffer {
  const out = new JsonBytes().text('{"data":');
  if (typeof data === "string") out.text(data);
  else out.append(data);
  return out.text(`,"error":{"code":"ok","message":"","log_id":"${logId}"}}`).toBuffer();
}

export function errorEnvelope(code: string, message: string, logId: string): string {
  return `{"data":{},"error":{"code":"${code}","message":${JSON.stringify(message)},"log_id":"${logId}"}}`;
}

/** What the gateway answers after a long wait on broad queries: HTML, not JSON. */
export const GATEWAY_TIMEOUT_HTML =
  "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n</body>\r\n</html>\r\n";
