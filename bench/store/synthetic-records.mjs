// Synthetic UCR records for the store benchmark, and the loop that stores them as a collection does.
// Plain JavaScript: the ingestion child runs under bare `node` on the built package, as a user's
// process does (a TypeScript loader would add ~75 MB of its own to the RSS being measured).

export const BATCH = 1_000;
const DAY = 86_400_000;
export const NOW = Date.parse("2026-11-24T10:00:00Z");

const words = ["klima", "energi", "valg", "dkpol", "grøn", "omstilling", "vind", "sol", "politik", "debat"];

/** Record `i` of a synthetic stream: 19-digit ID, published over the year before NOW, ~1 KB like the emulator's. */
/** @returns {import("@observatory/arena-core").ContentRecord} */
export function record(i) {
  const id = String(7_400_000_000_000_000_000n + BigInt(i));
  const text = `${words[i % 10]} ${words[(i * 7) % 10]} ${words[(i * 3) % 10]} video nummer ${i} #${words[(i * 5) % 10]} #fyp`;
  return {
    platform: "tiktok",
    arena: "social_media",
    platform_id: id,
    content_type: "video",
    text_content: text,
    title: null,
    url: `https://www.tiktok.com/@user${i % 5000}/video/${id}`,
    language: "da",
    published_at: new Date(NOW - ((i * 7919) % 365) * DAY - (i % 86_400) * 1000).toISOString(),
    collected_at: new Date(NOW).toISOString(),
    author_platform_id: null,
    author_display_name: null,
    pseudonymized_author_id: (i % 5000).toString(16).padStart(64, "a"),
    views_count: (i * 31) % 100_000,
    likes_count: (i * 7) % 10_000,
    shares_count: i % 100,
    comments_count: i % 50,
    engagement_score: ((i * 13) % 1000) / 1000,
    raw_metadata: {
      region_code: "DK",
      hashtag_names: [words[(i * 5) % 10], "fyp"],
      music_id: String(7_000_000_000_000_000_000n + BigInt(i % 10_000)),
      video_duration: 5 + (i % 55),
      favorites_count: i % 300,
      request_fingerprint: "c00d202f72ab579b",
      is_random: false,
      language_confidence: 0.93,
      language_detector: "eld-extrasmall-nordic",
      author_pseudonymized: true,
    },
    media_urls: [],
    content_hash: (i * 2654435761).toString(16).padStart(64, "0").slice(-64),
    search_terms_matched: [words[i % 10]],
    collection_tier: "free",
  };
}

/** Streams `count` records from `from` into the store as a collection does: a RunWriter, a checkpoint per `batch`. */
/** @param {import("@observatory/store-postgres").RecordStore} store @returns {Promise<number>} records/s */
export async function ingest(store, runId, from, count, batch = BATCH) {
  await store.runs.start({ runId, kind: "bench", platform: "tiktok" });
  const writer = store.runWriter({ runId, kind: "content" });
  const started = performance.now();
  for (let page = 0; page < count / batch; page++) {
    for (let i = 0; i < batch; i++) writer.add(record(from + page * batch + i));
    await writer.commit({ runId, partition: "bench", ids: [], done: false });
    await writer.checkpoints.put({
      runId,
      partition: "bench",
      done: false,
      pages: page + 1,
      records: (page + 1) * batch,
      cursor: String((page + 1) * batch),
      updatedAt: new Date(NOW).toISOString(),
    });
  }
  await writer.close("completed");
  return count / ((performance.now() - started) / 1000);
}
