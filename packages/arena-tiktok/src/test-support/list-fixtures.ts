// Raw JSON bodies of the Research API's list endpoints: 64-bit IDs are bare integers, as TikTok sends them.
import nock from "nock";
import { BASE } from "./test-collector.js";

/** `{"data": <data>, "error": {"code": "ok"}}` with `data` given as raw JSON text. */
export const okEnvelope = (data: string) =>
  `{"data":${data},"error":{"code":"ok","message":"","log_id":"20261124000000LIST"}}`;

export interface CommentFixture {
  id: string;
  video_id: string;
  text: string;
  parent?: string;
  create_time?: number;
  like_count?: number;
  reply_count?: number;
}

export function rawComment(c: CommentFixture): string {
  return (
    `{"id":${c.id},"video_id":${c.video_id},"text":${JSON.stringify(c.text)},` +
    `"like_count":${c.like_count ?? 3},"reply_count":${c.reply_count ?? 0},` +
    `"parent_comment_id":${c.parent ?? c.video_id},"create_time":${c.create_time ?? 1_789_000_000}}`
  );
}

export const rawCommentPage = (comments: CommentFixture[], cursor: number, hasMore: boolean) =>
  okEnvelope(`{"comments":[${comments.map(rawComment).join(",")}],"cursor":${cursor},"has_more":${hasMore}}`);

/** A list page under `key` with items given as raw JSON text. */
export const rawListPage = (key: string, items: string[], cursor: number | undefined, hasMore: boolean) =>
  okEnvelope(
    `{"${key}":[${items.join(",")}]${cursor === undefined ? "" : `,"cursor":${cursor}`},"has_more":${hasMore}}`,
  );

export const rawRelation = (username: string, displayName = `Name of ${username}`) =>
  JSON.stringify({ username, display_name: displayName });

/**
 * An interceptor for one call to a Research API path that records the raw request body text (to
 * check that 64-bit IDs go out as bare integers) and the query string's `fields`.
 */
export function apiCall(path: string, raw: string[], fields?: (string | undefined)[]) {
  const scope = nock(BASE);
  scope.on("request", (_req: unknown, _interceptor: unknown, body: string) => raw.push(body));
  return scope.post(path).query((query) => {
    fields?.push(typeof query.fields === "string" ? query.fields : undefined);
    return true;
  });
}

/** The parsed bodies, for assertions that do not involve 64-bit values. */
export const parsedBodies = (raw: readonly string[]) =>
  raw.map((b) => JSON.parse(b) as Record<string, unknown>);
