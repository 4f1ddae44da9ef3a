// The pipeline the pipeline benchmark times, whole and stage by stage, over the same emulator pages.
import {
  contentHash,
  type LanguageDetector,
  type LanguageGuess,
  memoizeLanguageDetector,
  memoizePseudonymizer,
  type Pseudonym,
} from "@observatory/arena-core";
import { apiVideoSchema, videoPageSchema } from "../src/endpoints/video-query.js";
import { envelopeSchema } from "../src/http/envelope.js";
import { toOutcome } from "../src/http/http-outcome.js";
import { parseApiJson } from "../src/http/lossless-json.js";
import { detectionText } from "../src/normalize/detection-text.js";
import { normalizeVideo, type VideoNormalizeContext } from "../src/normalize/video-record.js";
import { matchedTerms } from "../src/query/terms-query.js";

/** One pass over every page; returns a checksum so that the work cannot be optimised away. */
export type Pass = () => number;

export interface PipelineSetup {
  pages: readonly string[];
  detector: LanguageDetector;
  pseudonymize: (platform: string, author: string) => Pseudonym;
}

export interface PipelinePasses {
  /** `JSON.parse` + `JSON.stringify` of the same bytes. */
  baseline: Pass;
  /** Everything, as the collector does it: pseudonyms memoised; language detection without and with the memo. */
  pipeline: Pass;
  pipelineMemo: Pass;
  /**
   * What-if: builds a table of every text's language and returns the pipeline answering languages
   * from it, as if detection ran outside the per-record path. Call it after timing the pipeline:
   * building the table (every page parsed and validated once more) leaves the heap as the stages do.
   */
  pipelineLookedUp(): Pass;
  /**
   * Builds every stage's input (all pages parsed, validated, normalised: about 100 MB held) and
   * returns the stages, each alone over it. Call it after timing the whole pipeline: a heap holding
   * that much slows the pipeline's garbage collection by 10–15 %, which a collector (one page at a
   * time) never pays.
   */
  stages(): StagePasses;
}

export interface StagePasses {
  records: number;
  /** Distinct detection texts among the records (what the detection memo can save). */
  distinctTexts: number;
  passes: Record<StageName, Pass>;
}

export const STAGES = {
  parse: "lossless parse",
  validate: "validate (envelope, page, each video)",
  normalise: "normalise (language and pseudonym looked up, content hash included)",
  detectionText: "  of which: detection text (URLs, mentions, hashtags removed)",
  hash: "  of which: content hash (normalise text, SHA-256)",
  detect: "language detection, no memo",
  detectMemo: "language detection, per-collector memo",
  pseudonymise: "pseudonymise (HMAC, memoised as the collector)",
  serialise: "JSONL line (JSON.stringify)",
} as const;
export type StageName = keyof typeof STAGES;

const COLLECTED_AT = Date.parse("2026-11-24T10:00:00Z");
const COLLECTED_AT_ISO = new Date(COLLECTED_AT).toISOString();
/** The collection window: every emulator page's videos fall in it. */
const SINCE = Date.UTC(2025, 11, 1);
const UNTIL = Date.UTC(2026, 11, 1);
/** A terms query's terms: the collector matches every video against them (search_terms_matched). */
const TERMS = ["klima", "#dkpol"];

function context(
  detector: LanguageDetector,
  pseudonymize: (platform: string, author: string) => Pseudonym,
): VideoNormalizeContext {
  return {
    tier: "free",
    pseudonymize,
    keepAuthorHandles: false,
    languageDetector: detector,
    matchTerms: (v) => matchedTerms(TERMS, v),
    collectedAt: COLLECTED_AT,
    collectedAtIso: COLLECTED_AT_ISO,
    metadata: { search_id: "1", request_fingerprint: "0123456789abcdef", is_random: false },
  };
}

/**
 * parse → validate → normalise (detect, hash, pseudonymise) → JSONL, as the collector does per page:
 * `toOutcome` (lossless parse, envelope), `videoPageSchema` (the client's parse), then
 * `runVideoCollection`'s loop (each video validated, deduplicated, checked against the window,
 * normalised with the page's metadata) and the CLI's JSONL encoder.
 */
function runPipeline(pages: readonly string[], ctx: VideoNormalizeContext): number {
  let sink = 0;
  let cursor = 0;
  let seen = new Set<string>();
  for (const text of pages) {
    const response = toOutcome(200, text, false);
    const page = videoPageSchema.parse(response.data);
    if (cursor === 0) seen = new Set(); // a new window
    const metadata = {
      search_id: page.search_id ?? null,
      request_fingerprint: "0123456789abcdef",
      is_random: false,
      page_cursor: cursor,
      ...(response.logId ? { log_id: response.logId } : {}),
    };
    const pageContext = { ...ctx, collectedAt: COLLECTED_AT, collectedAtIso: COLLECTED_AT_ISO, metadata };
    let out = "";
    for (const raw of page.videos) {
      const parsed = apiVideoSchema.safeParse(raw);
      if (!parsed.success) continue;
      const video = parsed.data;
      const id = (video.id ?? video.video_id) as string;
      const createdMs = video.create_time * 1000;
      if (seen.has(id) || createdMs < SINCE || createdMs >= UNTIL) continue;
      seen.add(id);
      out += `${JSON.stringify(normalizeVideo(video, pageContext))}\n`;
    }
    sink += out.length;
    cursor = page.has_more ? (page.cursor ?? cursor + page.videos.length) : 0;
  }
  return sink;
}

export function pipelinePasses({ pages, detector, pseudonymize }: PipelineSetup): PipelinePasses {
  return {
    baseline: () => {
      let n = 0;
      for (const text of pages) n += JSON.stringify(JSON.parse(text)).length;
      return n;
    },
    // A collector memoises pseudonyms (and, since the detection memo, languages) for its lifetime;
    // each pass here is one collection, so each starts with empty memos.
    pipeline: () => runPipeline(pages, context(detector, memoizePseudonymizer(pseudonymize))),
    pipelineMemo: () =>
      runPipeline(pages, context(memoizeLanguageDetector(detector), memoizePseudonymizer(pseudonymize))),
    pipelineLookedUp: () => {
      const guesses = new Map<string, LanguageGuess>();
      for (const text of pages) {
        for (const raw of videoPageSchema.parse(envelopeSchema.parse(parseApiJson(text)).data).videos) {
          const video = apiVideoSchema.safeParse(raw);
          if (!video.success) continue;
          const t = detectionText(video.data.video_description ?? "", video.data.voice_to_text || null);
          if (!guesses.has(t)) guesses.set(t, detector.detect(t));
        }
      }
      const lookedUp = { name: detector.name, detect: (text: string) => guesses.get(text)! };
      return () => runPipeline(pages, context(lookedUp, memoizePseudonymizer(pseudonymize)));
    },
    stages: () => stagePasses({ pages, detector, pseudonymize }),
  };
}

function stagePasses({ pages, detector, pseudonymize }: PipelineSetup): StagePasses {
  // Inputs of each stage, computed once.
  const parsed = pages.map((text) => parseApiJson(text));
  const pageVideos = parsed.map((body) =>
    videoPageSchema
      .parse(envelopeSchema.parse(body).data)
      .videos.map((raw) => apiVideoSchema.safeParse(raw))
      .flatMap((video) => (video.success ? [video.data] : [])),
  );
  const videos = pageVideos.flat();
  const texts = videos.map((v) => detectionText(v.video_description ?? "", v.voice_to_text || null));
  const guesses = new Map<string, LanguageGuess>(texts.map((t) => [t, detector.detect(t)]));
  const pseudonyms = new Map<string, Pseudonym>();
  for (const v of videos) if (v.username) pseudonyms.set(v.username, pseudonymize("tiktok", v.username));
  const lookedUp = context(
    { name: detector.name, detect: (text) => guesses.get(text)! },
    (_platform, author) => pseudonyms.get(author)!,
  );
  const perPage = pageVideos.map((page) => page.map((v) => normalizeVideo(v, lookedUp)));

  const stages: Record<StageName, Pass> = {
    parse: () => {
      let n = 0;
      for (const text of pages) n += parseApiJson(text) ? 1 : 0;
      return n;
    },
    validate: () => {
      let n = 0;
      for (const body of parsed) {
        for (const raw of videoPageSchema.parse(envelopeSchema.parse(body).data).videos) {
          if (apiVideoSchema.safeParse(raw).success) n++;
        }
      }
      return n;
    },
    normalise: () => {
      let n = 0;
      for (const v of videos) n += normalizeVideo(v, lookedUp).platform_id.length;
      return n;
    },
    detectionText: () => {
      let n = 0;
      for (const v of videos) n += detectionText(v.video_description ?? "", v.voice_to_text || null).length;
      return n;
    },
    hash: () => {
      let n = 0;
      for (const v of videos) n += contentHash(v.video_description ?? "")?.length ?? 0;
      return n;
    },
    detect: () => {
      let n = 0;
      for (const text of texts) n += detector.detect(text).confidence;
      return n;
    },
    detectMemo: () => {
      const memo = memoizeLanguageDetector(detector);
      let n = 0;
      for (const text of texts) n += memo.detect(text).confidence;
      return n;
    },
    pseudonymise: () => {
      const memo = memoizePseudonymizer(pseudonymize);
      let n = 0;
      for (const v of videos) if (v.username) n += memo("tiktok", v.username).id.length;
      return n;
    },
    serialise: () => {
      let n = 0;
      for (const page of perPage) {
        let out = "";
        for (const record of page) out += `${JSON.stringify(record)}\n`;
        n += out.length;
      }
      return n;
    },
  };

  return { records: videos.length, distinctTexts: guesses.size, passes: stages };
}
