import { PINNED_VIDEO_FIELDS, USER_VIDEO_FIELDS } from "../fields.js";
import { invalidParams } from "../http/api-error.js";
import { JsonBytes } from "../json/json-bytes.js";
import { INVALID_CURSOR, intParam, maxCountParam, type Route, usernameParam } from "./route.js";
import { timestampPage } from "./timestamp-page.js";
import { requireUser } from "./users.js";

/** `POST /v2/research/user/liked_videos/`: private for most users; Unix-time cursor ("liked on or before"). */
export const likedVideosRoute: Route = {
  name: "user/liked_videos",
  pool: "research",
  fields: { allowed: USER_VIDEO_FIELDS, required: true },
  handle(ctx) {
    const b = ctx.body;
    const username = usernameParam(b.username);
    const user = requireUser(ctx.corpus, username);
    if (!user.likedVisible) {
      throw invalidParams(
        `User ${username}'s liked videos information cannot be returned: the list is private`,
      );
    }
    const maxCount = maxCountParam(b.max_count, 20, 100);
    const cursor = intParam(b.cursor, ctx.nowSeconds, 0, Number.MAX_SAFE_INTEGER, INVALID_CURSOR);
    const page = timestampPage(ctx.corpus.likedVideosOf(user, ctx.nowSeconds), cursor, maxCount);
    const out = new JsonBytes().text('{"user_liked_videos":');
    const videos = page.items.map((l) => l.video);
    ctx.videos.renderList(ctx.videos.plan(ctx.fields), videos, ctx.nowSeconds, out);
    out.text(`,"cursor":${page.cursor},"has_more":${page.hasMore}}`);
    return { data: out, records: page.items.length };
  },
};

/** `POST /v2/research/user/reposted_videos/`: visible for some users only; index cursor. */
export const repostedVideosRoute: Route = {
  name: "user/reposted_videos",
  pool: "research",
  fields: { allowed: USER_VIDEO_FIELDS, required: true },
  handle(ctx) {
    const b = ctx.body;
    const username = usernameParam(b.username);
    const user = requireUser(ctx.corpus, username);
    if (!user.repostsVisible) throw invalidParams(`User ${username}'s reposted videos list is private`);
    const maxCount = maxCountParam(b.max_count, 20, 100);
    const cursor = intParam(b.cursor, 0, 0, 1_000_000_000, INVALID_CURSOR);
    const all = ctx.corpus.repostedVideosOf(user, ctx.nowSeconds);
    const items = all.slice(cursor, cursor + maxCount);
    const next = Math.max(cursor, Math.min(cursor + maxCount, all.length));
    const out = new JsonBytes().text('{"reposted_videos":');
    ctx.videos.renderList(ctx.videos.plan(ctx.fields), items, ctx.nowSeconds, out);
    out.text(`,"cursor":${next},"has_more":${next < all.length}}`);
    return { data: out, records: items.length };
  },
};

/** `POST /v2/research/user/pinned_videos/`: up to three videos under `pinned_videos_list`, no paging. */
export const pinnedVideosRoute: Route = {
  name: "user/pinned_videos",
  pool: "research",
  fields: { allowed: PINNED_VIDEO_FIELDS, required: true },
  handle(ctx) {
    const user = requireUser(ctx.corpus, usernameParam(ctx.body.username));
    const items = ctx.corpus.pinnedVideosOf(user, ctx.nowSeconds);
    const out = new JsonBytes().text('{"pinned_videos_list":');
    ctx.videos.renderList(ctx.videos.plan(ctx.fields), items, ctx.nowSeconds, out);
    return { data: out.text("}"), records: items.length };
  },
};
