import { collapseWhitespace } from "@observatory/arena-core";

const URL_PATTERN = /https?:\/\/\S+/g;
const MENTION_PATTERN = /@[\p{L}\p{N}._]+/gu;
const HASHTAG_PATTERN = /#[\p{L}\p{N}_]+/gu;

/**
 * The text a language detector should see: URLs, @mentions and #hashtags removed (TikTok's hashtags
 * are mostly English platform tags such as #fyp whatever the language of the caption). When nothing is
 * left, the hashtags' words are used instead. (Each pattern only runs when its marker occurs: most
 * captions have no URL or mention.)
 */
export function detectionText(description: string, voiceToText?: string | null): string {
  let caption = description;
  if (caption.includes("http")) caption = caption.replace(URL_PATTERN, " ");
  if (caption.includes("@")) caption = caption.replace(MENTION_PATTERN, " ");
  const hasTags = caption.includes("#");
  const words = collapseWhitespace(hasTags ? caption.replace(HASHTAG_PATTERN, " ") : caption).trim();
  const base = words.length >= 3 || !hasTags ? words : collapseWhitespace(caption.replace(/#/g, " ")).trim();
  return voiceToText ? `${base} ${voiceToText}`.trim() : base;
}
