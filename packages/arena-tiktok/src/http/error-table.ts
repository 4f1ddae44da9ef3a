/**
 * The one table that maps what the API answered to what the client does. Rows are tried in order;
 * the first match wins. Every row names the action, the failureType of the error it would raise, and
 * that error's verdict: what the failure means for a run once the action is spent (see `Verdict`). The
 * verdict travels on the error; nothing else reads row names or message text.
 *
 * | status | error.code | message / body | action | failureType | verdict |
 * |---|---|---|---|---|---|
 * | any | ok (with data) | — | success (even on a 500: the playlist endpoint's quirk) | — | — |
 * | token endpoint 404, 405, or 4xx | none | not JSON | fail: the base URL does not lead to the API | config | fail |
 * | token endpoint 4xx | flat `error` (invalid_client, …) | — | fail at once, never a retry loop | auth | fail |
 * | 401 | access_token_invalid | — | refresh the token, retry the same request | auth | refresh-token |
 * | 401 | scope_not_authorized | — | fail | auth | fail |
 * | 400 | scope_permission_missed | — | fail (fields need scopes) | config | fail |
 * | 429 | any | — | pause: quota spent until 00:00 UTC | quota | pause-quota |
 * | 400 | invalid_params | "Search Id … invalid or expired" | retry after 5 s × attempt | transient | restart-search |
 * | 400 | invalid_params | "Invalid count or cursor" | retry after 5 s × attempt | transient | restart-search |
 * | 400 | invalid_params | unknown/private user, missing or deleted video or playlist, "cannot return", "information cannot be returned" | skip the target | data | skip-target (private, not_found or unavailable) |
 * | 400 | invalid_param(s), invalid_request | other | fail, naming the query | config | fail |
 * | 500 | internal_error / none | — | retry with backoff | transient | split |
 * | 502, 503, 504 | — | HTML or JSON | retry with backoff | transient | split |
 * | 408, timeout | — | — | retry with backoff | transient | split |
 * | network | — | ENOTFOUND (the host does not exist) | fail, naming the host and the base URL | config | fail |
 * | network | — | ECONNREFUSED, EAI_AGAIN (the API was not reached) | retry with backoff | transient | retry (the run stops, resumable; no window is split for it) |
 * | network | — | ECONNRESET, socket hang up, … | retry with backoff | transient | split |
 * | 2xx | not ok | — | fail | data | fail |
 * | 2xx | — | not an envelope | fail | data | fail |
 * | other | — | — | fail | upstream | fail |
 * | token endpoint | — | any retried row | retry with backoff | — | retry (every window alike: the run stops, resumable) |
 * | has_more with a cursor that does not move (`cursorStuck`) | — | — | — | transient | split |
 */
import { type FailureType, TransientError, type Verdict } from "@observatory/arena-core";

export type Action = "success" | "refresh" | "retry" | "retry-slow" | "pause" | "skip" | "fail";

export interface Outcome {
  status: number;
  /** The envelope's error code, or the flat error's `error`, when the body had one. */
  code?: string;
  message?: string;
  /** True when the body was a well-formed envelope with data. */
  hasData: boolean;
  /** True when the body was HTML or otherwise not JSON. */
  nonJson: boolean;
  /** True for the OAuth token endpoint (flat `{error, error_description}` bodies). */
  tokenEndpoint?: boolean;
  /** Set for failures below HTTP (timeouts, resets). */
  network?: "timeout" | "reset" | "refused" | "unknown-host";
}

export interface Classification {
  action: Action;
  failureType?: FailureType;
  /** Why, in words a researcher understands. */
  reason: string;
  row: string;
  /** What the error means for a run once the action is spent (retries used up, or at once). */
  verdict: Verdict;
  /** skip-target: why the target is out of reach. */
  targetStatus?: "private" | "not_found" | "unavailable";
  /**
   * The failure has nothing to do with the request's window or partition (the API cannot be reached):
   * it stops the run, resumable, instead of splitting or giving up a window.
   */
  runWide?: true;
}

interface Row {
  name: string;
  when: (o: Outcome) => boolean;
  action: Action;
  failureType?: FailureType;
  reason: (o: Outcome) => string;
  runWide?: true;
  /** Retried rows: the verdict once retries are spent (default "split": the window keeps failing). */
  exhausted?: Verdict;
}

const SEARCH_ID_INVALID = /search\s*_?id.*(invalid|expired)/i;
const INVALID_COUNT_OR_CURSOR = /invalid count or cursor/i;
const USER_UNAVAILABLE =
  /cannot find the (user|video|playlist|ad|shop|product)|is private|cannot return this user|information cannot be returned|(user|video|playlist).*(not exist|not found)|(video|playlist)[^.]*deleted/i;
const PRIVATE = /is private|information cannot be returned|list is private/i;
const NOT_FOUND = /cannot find|not exist|not found|deleted/i;
const INVALID_PARAMS = new Set(["invalid_params", "invalid_param", "invalid_request"]);

const apiSaid = (o: Outcome) =>
  `HTTP ${o.status}${o.code ? ` ${o.code}` : ""}${o.message ? `: ${o.message}` : ""}`;

export const ERROR_TABLE: readonly Row[] = [
  {
    name: "ok",
    when: (o) => o.hasData && (o.code === "ok" || (o.tokenEndpoint === true && o.status === 200)),
    action: "success",
    reason: () => "ok",
  },
  {
    name: "network-timeout",
    when: (o) => o.network === "timeout" || o.status === 408,
    action: "retry",
    failureType: "transient",
    reason: (o) => (o.message ? `the request timed out (${o.message})` : "the request timed out"),
  },
  {
    name: "unknown-host",
    when: (o) => o.network === "unknown-host",
    action: "fail",
    failureType: "config",
    reason: (o) =>
      `the API's host ${o.message ?? ""} does not exist (DNS answered ENOTFOUND); check the base URL (baseUrl, TIKTOK_API_BASE_URL)`,
  },
  {
    name: "connection-refused",
    when: (o) => o.network === "refused",
    action: "retry",
    failureType: "transient",
    runWide: true,
    exhausted: "retry",
    reason: (o) => `the API could not be reached (${o.message ?? o.network})`,
  },
  {
    name: "network-error",
    when: (o) => o.network === "reset",
    action: "retry",
    failureType: "transient",
    reason: (o) => `the connection failed (${o.message ?? o.network})`,
  },
  {
    // A 404/405, or a 4xx that is not the endpoint's JSON error: the base URL does not lead to the API
    // (a wrong path or host), which no credential changes.
    name: "token-endpoint-missing",
    when: (o) =>
      o.tokenEndpoint === true &&
      (o.status === 404 || o.status === 405 || (o.status >= 400 && o.status < 500 && o.nonJson && !o.code)),
    action: "fail",
    failureType: "config",
    reason: (o) =>
      `the token endpoint is not at this base URL (HTTP ${o.status}${o.nonJson ? ", not a JSON answer" : ""}): check the base URL (baseUrl, TIKTOK_API_BASE_URL), normally https://open.tiktokapis.com without a path`,
  },
  {
    name: "credentials-rejected",
    when: (o) => o.tokenEndpoint === true && o.status >= 400 && o.status < 500 && o.status !== 429,
    action: "fail",
    failureType: "auth",
    reason: (o) =>
      `TikTok rejected the client credentials (${apiSaid(o)}); check the client key and secret of the approved project`,
  },
  {
    name: "token-invalid",
    when: (o) => o.status === 401 && (o.code === "access_token_invalid" || o.code === undefined),
    action: "refresh",
    failureType: "auth",
    reason: (o) => `the access token was rejected (${apiSaid(o)})`,
  },
  {
    name: "scope-not-authorized",
    when: (o) => o.status === 401 || o.code === "scope_not_authorized",
    action: "fail",
    failureType: "auth",
    reason: (o) => `the project is not approved for this data (${apiSaid(o)})`,
  },
  {
    name: "scope-permission-missed",
    when: (o) => o.code === "scope_permission_missed",
    action: "fail",
    failureType: "config",
    reason: (o) =>
      `some requested fields need scopes this project lacks; request fewer fields (${apiSaid(o)})`,
  },
  {
    name: "quota",
    when: (o) => o.status === 429 || o.code === "rate_limit_exceeded",
    action: "pause",
    failureType: "quota",
    reason: (o) => `the daily quota is spent (${apiSaid(o)})`,
  },
  {
    name: "search-id-invalid",
    when: (o) => o.status === 400 && SEARCH_ID_INVALID.test(o.message ?? ""),
    action: "retry-slow",
    failureType: "transient",
    reason: (o) => `the API lost its cached result set for a moment (${apiSaid(o)})`,
    exhausted: "restart-search",
  },
  {
    name: "invalid-count-or-cursor",
    when: (o) => o.status === 400 && INVALID_COUNT_OR_CURSOR.test(o.message ?? ""),
    action: "retry-slow",
    failureType: "transient",
    reason: (o) => `the API's transient cursor bug (${apiSaid(o)})`,
    exhausted: "restart-search",
  },
  {
    name: "user-unavailable", // a user, video or playlist that is unknown, private or gone
    when: (o) => o.status === 400 && USER_UNAVAILABLE.test(o.message ?? ""),
    action: "skip",
    failureType: "data",
    reason: (o) => `the target is unknown, private or gone (${apiSaid(o)})`,
  },
  {
    name: "invalid-params",
    when: (o) => o.status === 400 || INVALID_PARAMS.has(o.code ?? ""),
    action: "fail",
    failureType: "config",
    reason: (o) => `the API rejected the request as invalid (${apiSaid(o)}); check the query`,
  },
  {
    name: "server-error",
    when: (o) => o.status >= 500 && o.status !== 502 && o.status !== 503 && o.status !== 504,
    action: "retry",
    failureType: "transient",
    reason: (o) => `the API failed (${apiSaid(o)})`,
  },
  {
    name: "gateway",
    when: (o) => o.status === 502 || o.status === 503 || o.status === 504,
    action: "retry",
    failureType: "transient",
    reason: (o) => `the API gateway failed (HTTP ${o.status}${o.nonJson ? ", HTML body" : ""})`,
  },
  {
    name: "ok-status-bad-body",
    when: (o) => o.status >= 200 && o.status < 300,
    action: "fail",
    failureType: "data",
    reason: (o) =>
      o.nonJson
        ? `the API answered HTTP ${o.status} with a body that is not JSON`
        : `unexpected answer (${apiSaid(o)})`,
  },
  {
    name: "other",
    when: () => true,
    action: "fail",
    failureType: "upstream",
    reason: (o) => `the API refused the request (${apiSaid(o)})`,
  },
];

const VERDICT: Record<Exclude<Action, "retry" | "retry-slow">, Verdict> = {
  success: "fail", // never raised
  refresh: "refresh-token",
  pause: "pause-quota",
  skip: "skip-target",
  fail: "fail",
};

export function classify(outcome: Outcome): Classification {
  for (const row of ERROR_TABLE) {
    if (row.when(outcome)) {
      // The token endpoint failing stops every window alike.
      const runWide = row.runWide || outcome.tokenEndpoint;
      const retried = row.action === "retry" || row.action === "retry-slow";
      const verdict: Verdict = retried
        ? runWide
          ? "retry"
          : (row.exhausted ?? "split")
        : VERDICT[row.action as keyof typeof VERDICT];
      return {
        action: row.action,
        failureType: row.failureType,
        reason: row.reason(outcome),
        row: row.name,
        verdict,
        ...(verdict === "skip-target" ? { targetStatus: targetStatus(outcome.message ?? "") } : {}),
        ...(runWide ? { runWide: true as const } : {}),
      };
    }
  }
  /* c8 ignore next */
  throw new Error("unreachable: the last row matches everything");
}

function targetStatus(message: string): "private" | "not_found" | "unavailable" {
  return PRIVATE.test(message) ? "private" : NOT_FOUND.test(message) ? "not_found" : "unavailable";
}

/**
 * A page that says has_more but whose cursor does not move on: an API fault, never an endless loop.
 * The window keeps failing the same way, so its verdict is "split".
 */
export function cursorStuck(message: string, cursor: number | null): TransientError {
  return new TransientError(message, {
    code: "cursor_stuck",
    verdict: "split",
    details: { row: "cursor-stuck", cursor },
  });
}
