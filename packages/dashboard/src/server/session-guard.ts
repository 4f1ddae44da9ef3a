import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";

const SESSION = "obs_session";
const ACCESS = "obs_access";

const mac = (secret: Uint8Array, value: string) =>
  createHmac("sha256", secret).update(value).digest("base64url");
const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The session's CSRF token: an HMAC of its session id under the server's secret (never the secret). */
export function csrfToken(c: Context, secret: Uint8Array): string {
  return mac(secret, `csrf:${c.get("session" as never) as string}`);
}

/**
 * Per-browser session: a random id in an HttpOnly, SameSite=Strict cookie; the CSRF token forms carry
 * is derived from it, so a POST from another session (or without the token) is refused.
 */
export function sessionMiddleware(secure: boolean): MiddlewareHandler {
  return async (c, next) => {
    let id = getCookie(c, SESSION);
    if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) {
      id = randomBytes(32).toString("base64url");
      setCookie(c, SESSION, id, { httpOnly: true, sameSite: "Strict", path: "/", secure });
    }
    c.set("session" as never, id as never);
    await next();
  };
}

/** Refuses a POST whose form does not carry this session's CSRF token (403). */
export function csrfTokenMiddleware(secret: Uint8Array): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== "POST") return next();
    const body = await c.req.parseBody();
    const given = typeof body._csrf === "string" ? body._csrf : "";
    if (!given || !same(given, csrfToken(c, secret))) {
      return c.text(
        "Refused: this form's CSRF token is missing or not this session's. Reload the page and try again.",
        403,
      );
    }
    return next();
  };
}

/**
 * With an access token, every request must show it: `Authorization: Bearer TOKEN`, or once as
 * `?token=TOKEN` (which sets an HttpOnly cookie holding an HMAC of it, never the token, and redirects
 * to the same page without it).
 */
export function accessTokenMiddleware(token: string, secret: Uint8Array, secure: boolean): MiddlewareHandler {
  const cookieValue = mac(secret, `access:${token}`);
  return async (c, next) => {
    const bearer = c.req.header("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (bearer && same(bearer, token)) return next();
    const cookie = getCookie(c, ACCESS);
    if (cookie && same(cookie, cookieValue)) return next();
    const query = c.req.query("token");
    if (c.req.method === "GET" && query && same(query, token)) {
      setCookie(c, ACCESS, cookieValue, { httpOnly: true, sameSite: "Strict", path: "/", secure });
      const url = new URL(c.req.url);
      url.searchParams.delete("token");
      return c.redirect(`${url.pathname}${url.search}`, 303);
    }
    return c.text(
      "This dashboard needs its access token: open it with ?token=… once, or send Authorization: Bearer ….",
      401,
    );
  };
}
