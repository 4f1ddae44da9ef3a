import { hash } from "node:crypto";
import { collapseWhitespace } from "./collapse-whitespace.js";

/** The normalisation under `contentHash`: NFC, trim, whitespace runs collapsed to one space, lower-case. */
export function normalizeForHash(text: string): string {
  return collapseWhitespace(text.normalize("NFC").trim()).toLowerCase();
}

/**
 * SHA-256 (hex) of the normalised text: a near-duplicate key, never a primary key (many TikTok videos
 * share the description "#fyp"). Null for empty text.
 */
export function contentHash(text: string | null | undefined): string | null {
  if (!text) return null;
  const normalized = normalizeForHash(text);
  if (!normalized) return null;
  // One-shot hash (Node ≥ 20.12): the same digest as createHash().update().digest(), without the Hash object.
  return hash("sha256", normalized, "hex");
}
