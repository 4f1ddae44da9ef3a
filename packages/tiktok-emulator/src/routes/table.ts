import { commentListRoute } from "./comment-list.js";
import { playlistInfoRoute } from "./playlist-info.js";
import type { Route } from "./route.js";
import { userInfoRoute } from "./user-info.js";
import { followersRoute, followingRoute } from "./user-relations.js";
import { likedVideosRoute, pinnedVideosRoute, repostedVideosRoute } from "./user-videos.js";
import { videoQueryRoute } from "./video-query.js";

/** Every Research endpoint, keyed by its path under /v2/research/ (with the trailing slash). */
export const RESEARCH_ROUTES: ReadonlyMap<string, Route> = new Map(
  [
    videoQueryRoute,
    commentListRoute,
    userInfoRoute,
    followersRoute,
    followingRoute,
    likedVideosRoute,
    pinnedVideosRoute,
    repostedVideosRoute,
    playlistInfoRoute,
  ].map((r) => [`/v2/research/${r.name}/`, r]),
);
