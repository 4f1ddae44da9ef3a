import { collapseWhitespace } from "@observatory/arena-core";

const URL_PATTERN = /https?:\/\/\S+/g;
const MENTION_PATTERN = /@[\p{L}\p{N}._]+/gu;
const HASHTAG_PATTERN = /#[\p{L}\p{N}_]+/gu;

/**
 * The text a language detector should see: URLs, @mentions and #hashtags removed (TikTok's hashtags
 * are mostly English platform tags such as #fyp whatever the language of the caption). When nothing is
 * left, the hashtags' words are used instead.
 */
export function detectionText(description: string, voiceToText?: string | null): string {
  const caption = description.replace(URL_PATTERN, " ").replace(MENTION_PATTERN, " ");
  const words = collapseWhitespace(caption.replace(HASHTAG_PATTERN, " ")).trim();
  const base = words.length >= 3 ? words : collapseWhitespace(caption.replace(/#/g, " ")).trim();
  return voiceToText ? `${base} ${voiceToText}`.trim() : base;
}
