import {
  adDetailRoute,
  adQueryRoute,
  adReportRoute,
  advertiserQueryRoute,
  commercialContentRoute,
} from "../commerce/adlib-routes.js";
import { validationTaskCreateRoute, validationTaskStatusRoute } from "../commerce/compliance-routes.js";
import { shopInfoRoute, shopProductRoute, shopReviewRoute } from "../commerce/shop-routes.js";
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
    adQueryRoute,
    adDetailRoute,
    adReportRoute,
    advertiserQueryRoute,
    commercialContentRoute,
    shopInfoRoute,
    shopProductRoute,
    shopReviewRoute,
    validationTaskCreateRoute,
    validationTaskStatusRoute,
  ].map((r) => [`/v2/research/${r.name}/`, r]),
);
