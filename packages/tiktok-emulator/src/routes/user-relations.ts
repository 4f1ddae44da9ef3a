import type { Corpus } from "../corpus/corpus.js";
import type { CorpusUser, UserRelation } from "../corpus/types.js";
import { toWire } from "../json/wire.js";
import {
  INVALID_CURSOR,
  intParam,
  maxCountParam,
  type Route,
  type RouteContext,
  usernameParam,
} from "./route.js";
import { timestampPage } from "./timestamp-page.js";
import { requireUser } from "./users.js";

type Lister = (corpus: Corpus, user: CorpusUser, nowSeconds: number) => UserRelation[];

function relationRoute(name: string, listKey: string, list: Lister): Route {
  return {
    name,
    pool: "followers",
    handle(ctx: RouteContext) {
      const b = ctx.body;
      const user = requireUser(ctx.corpus, usernameParam(b.username));
      const maxCount = maxCountParam(b.max_count, 20, 100);
      const cursor = intParam(b.cursor, ctx.nowSeconds, 0, Number.MAX_SAFE_INTEGER, INVALID_CURSOR);
      const page = timestampPage(list(ctx.corpus, user, ctx.nowSeconds), cursor, maxCount);
      const items = page.items.map((r) => ({ display_name: r.displayName, username: r.username }));
      return {
        data: `{"${listKey}":${toWire(items)},"cursor":${page.cursor},"has_more":${page.hasMore}}`,
        records: items.length,
      };
    },
  };
}

/** `POST /v2/research/user/followers/`: public followers, newest first, Unix-time cursor, no `fields`. */
export const followersRoute = relationRoute("user/followers", "user_followers", (c, u, now) =>
  c.followersOf(u, now),
);

/** `POST /v2/research/user/following/`: accounts the user follows, newest first, Unix-time cursor. */
export const followingRoute = relationRoute("user/following", "user_following", (c, u, now) =>
  c.followingOf(u, now),
);
