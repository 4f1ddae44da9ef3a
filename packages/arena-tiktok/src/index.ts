// The public surface, as the README documents it. Test helpers: `@observatory/arena-tiktok/testing`.
export type {
  AdReportQueryInput,
  AdsQueryInput,
  CommercialQueryInput,
} from "./adlib/adlib-query.js";
export type { AdReportResult } from "./adlib/adlib-streams.js";
export { type TikTokCollectOptions, TikTokCollector } from "./collector.js";
export {
  ComplianceResultsUndocumentedError,
  type ComplianceTask,
  type ComplianceTaskStatus,
} from "./compliance/batch-compliance.js";
export { createTikTokCollector } from "./create-collector.js";
export { COMPLIANCE_MAX_IDS, type ComplianceCategory } from "./endpoints/compliance.js";
export { VIDEO_FIELDS } from "./endpoints/video-query.js";
export { type Classification, classify, ERROR_TABLE, type Outcome } from "./http/error-table.js";
export type { PlaylistEntry } from "./normalize/playlist-entry.js";
export type { RelationRecord } from "./normalize/relation-record.js";
export { type ResolvedTikTokOptions, type TikTokCollectorOptions, tiktokOptionsSchema } from "./options.js";
export {
  type PlannedExtraInput,
  type PlannedExtraRequest,
  planExtraRequests,
} from "./paging/plan-extra-requests.js";
export {
  type PlannedApiRequest,
  type PlanOptions,
  planActorsRequests,
  planListRequests,
  planLookupRequests,
  planQueryRequests,
  planTermsRequests,
  planUserInfoRequests,
} from "./paging/plan-requests.js";
export {
  type PlannedVideoRequest,
  type PlanVideoRequestsOptions,
  planVideoRequests,
} from "./paging/plan-video-requests.js";
export {
  type Condition,
  FIELD_NAMES,
  OPERATIONS,
  VIDEO_LENGTHS,
  type VideoLength,
  type VideoQuery,
} from "./query/conditions.js";
export {
  type ExtraConditions,
  extraConditions,
  hasExtraConditions,
  queryPartsWithExtras,
  withExtraConditions,
} from "./query/extra-conditions.js";
export { parseVideoQuery, parseVideoQueryJson, videoQuerySchema } from "./query/raw-query.js";
export { termsToVideoQueries } from "./query/terms-query.js";
export { planRefreshRequests, type RefreshTarget } from "./refresh/plan-refresh-requests.js";
export type { EarlierRecords, RefreshOptions, TikTokRefreshResult } from "./refresh/refresh-engagement.js";
export { type RefreshWindow, selectDueForRefresh } from "./refresh/select-due.js";
export { type QueryCollectionInput, queryCollectionSchema, termsOfQueries } from "./run/query-run.js";
export { deriveRunId } from "./run/run-id.js";
export { COMMENT_CAP_NOTE, type CommentCollectOptions } from "./streams/comments-stream.js";
export type { ListCollectOptions } from "./streams/list-options.js";
export { NOT_RETURNED } from "./streams/video-lookup-stream.js";
export { type BrightDataOptions, TIKTOK_POSTS_DATASET } from "./tiers/bright-data/bright-data-options.js";
