/**
 * A form-data body → the JSON object text a route reads (a file field as its text). The body was read
 * as UTF-8 (ID lists are ASCII). A body that is not form-data becomes `{}`: the route then names the
 * missing field in its 400, after the token, quota and fault checks every request gets.
 */
export async function formToJson(body: string, contentType: string | undefined): Promise<string> {
  if (!contentType?.toLowerCase().startsWith("multipart/form-data")) return "{}";
  try {
    const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    const out: Record<string, string> = {};
    for (const [key, value] of form) out[key] = typeof value === "string" ? value : await value.text();
    return JSON.stringify(out);
  } catch {
    return "{}";
  }
}
