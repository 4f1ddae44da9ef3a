import { createHash } from "node:crypto";

/** The normalisation under `contentHash`: NFC, trim, whitespace runs collapsed to one space, lower-case. */
export function normalizeForHash(text: string): string {
  return text.normalize("NFC").trim().replace(/\s+/gu, " ").toLowerCase();
}

/**
 * SHA-256 (hex) of the normalised text: a near-duplicate key, never a primary key (many TikTok videos
 * share the description "#fyp"). Null for empty text.
 */
export function contentHash(text: string | null | undefined): string | null {
  if (!text) return null;
  const normalized = normalizeForHash(text);
  if (!normalized) return null;
  return createHash("sha256").update(normalized, "utf8").digest("hex");
}
