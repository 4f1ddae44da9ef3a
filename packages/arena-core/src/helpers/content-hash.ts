import { hash } from "node:crypto";
import { collapseWhitespace } from "./collapse-whitespace.js";

/**
 * A code unit from U+0300 (where the combining marks begin) up. Below it every character is its own
 * NFC form and no two of them compose (content-hash.test.ts checks every character and every pair),
 * so a text without such a code unit is already NFC: most captions skip `normalize`, which costs about
 * as much as the rest of the normalisation.
 */
const MAY_NEED_NFC = /[^\0-\u02ff]/;

/** `text.normalize("NFC")`, without the call when the text provably needs none. */
function nfc(text: string): string {
  return MAY_NEED_NFC.test(text) ? text.normalize("NFC") : text;
}

/** The normalisation under `contentHash`: NFC, trim, whitespace runs collapsed to one space, lower-case. */
export function normalizeForHash(text: string): string {
  return collapseWhitespace(nfc(text).trim()).toLowerCase();
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
