import { ConfigError, DataError } from "@observatory/arena-core";
import type { TargetStatus } from "./stream-report.js";

const PRIVATE = /is private|information cannot be returned|list is private/i;
const NOT_FOUND = /cannot find|not exist|not found|deleted/i;
/** 400s that name a missing video or playlist (the error table files them under invalid params). */
const MISSING_ITEM = /(video|playlist)[^.]*(cannot find|not exist|not found|deleted)/i;

/**
 * Whether an error means one target (user, video, playlist) is out of reach rather than that the
 * request was wrong: the error table's "skip" row (unknown or private user, "information cannot be
 * returned"), or a 400 naming a video or playlist that does not exist. Anything else is not a target's
 * fault and is rethrown by the caller.
 */
export function unavailableStatus(error: unknown): { status: TargetStatus; detail: string } | undefined {
  const skip =
    error instanceof DataError &&
    error.code !== "invalid_envelope" &&
    error.details.row === "user-unavailable";
  const missing = error instanceof ConfigError && error.status === 400 && MISSING_ITEM.test(error.message);
  if (!skip && !missing) return undefined;
  const message = (error as Error).message;
  const status: TargetStatus = PRIVATE.test(message)
    ? "private"
    : NOT_FOUND.test(message)
      ? "not_found"
      : "unavailable";
  return { status, detail: message };
}
