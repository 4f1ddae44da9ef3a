import type { ListPage } from "../paging/list-pages.js";

/** Where a record came from, for raw_metadata: the request's fingerprint, cursor and log id. */
export function pageMetadata(endpoint: string, page: ListPage): Record<string, unknown> {
  return {
    source_endpoint: endpoint,
    request_fingerprint: page.fingerprint,
    page_cursor: page.requested ?? null,
    ...(page.logId ? { log_id: page.logId } : {}),
  };
}
