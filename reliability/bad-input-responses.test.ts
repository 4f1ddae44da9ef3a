/**
 * Bad answers from the API: a local HTTP server returns fuzzed responses — malformed JSON, wrong types,
 * missing fields, huge strings, invalid UTF-8, numbers as strings, 64-bit numbers where strings belong,
 * odd statuses and content types, reset and truncated connections — to the token endpoint and to video
 * queries. Every collection ends cleanly (and every record it yielded is a valid UCR record with an
 * exact decimal ID) or in a typed ArenaError; never an unhandled exception.
 */
import { contentRecordSchema, isArenaError, MemoryLogger } from "@observatory/arena-core";
import { createTikTokCollector } from "@observatory/arena-tiktok";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeError, saveArtifact } from "./support/artifacts.js";
import { suiteDetector } from "./support/detector.js";
import { type ResultRow, recordSection } from "./support/results.js";
import { ScriptedApi, type ScriptedReply } from "./support/scripted-api.js";
import { SUITE_CLIENT, SUITE_SALT } from "./support/suite-client.js";

const RUNS = 300;
const SINCE = Date.parse("2026-09-01T00:00:00Z") / 1000;

let api: ScriptedApi;
const rows: ResultRow[] = [];
const logger = new MemoryLogger();
const errors: string[] = [];

beforeAll(async () => {
  api = await ScriptedApi.start();
});
afterAll(async () => {
  await api?.close();
  saveArtifact("bad-input-responses-log", logger.text());
  saveArtifact("bad-input-responses-errors", errors.join("\n---\n"));
  recordSection({
    section: "bad-input-responses",
    summary: `${RUNS} fuzzed API answer sequences: clean ends with valid records, or typed ArenaErrors`,
    rows,
  });
});

/** JSON text in which BigInt values are written as bare integers, as TikTok writes 64-bit IDs. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `__big${v}__` : v)).replace(
    /"__big(-?\d+)__"/g,
    "$1",
  );
}

const odd = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.constantFrom("NaN", "1e999", "-0", "", "null", "true", "0x1F"),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);
const bigId = fc.bigInt({ min: 7_000_000_000_000_000_000n, max: 7_500_000_000_000_000_000n });
const count = fc.oneof(
  fc.nat(),
  fc.nat().map(String),
  fc.constantFrom(-1, 1e300, 2 ** 53 + 1, 0.5),
  fc.constant(18_446_744_073_709_551_615n),
  odd,
);
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.constantFrom("#fyp", "", "\u0000klima\u0000", "Regeringen vil hæve afgiften på benzin #dkpol", "\ud800"),
  fc.integer({ min: 10_000, max: 300_000 }).map((n) => "ø".repeat(n)),
  odd,
);
const video = fc.record(
  {
    id: fc.oneof(bigId, bigId.map(String), fc.integer(), fc.constant(-1n), odd),
    create_time: fc.oneof(
      fc.integer({ min: SINCE, max: SINCE + 7 * 86_400 - 1 }),
      fc.integer({ min: SINCE, max: SINCE + 7 * 86_400 - 1 }).map(String),
      fc.integer(),
      odd,
    ),
    video_description: text,
    voice_to_text: text,
    username: fc.oneof(fc.constantFrom("drnyheder", "a.b_c", ""), fc.string({ maxLength: 30 }), odd),
    region_code: fc.oneof(fc.constantFrom("DK", "SE", "dk", "XX"), odd),
    view_count: count,
    like_count: count,
    share_count: count,
    comment_count: count,
    favorites_count: count,
    music_id: fc.oneof(bigId, odd),
    playlist_id: fc.oneof(bigId, odd),
    hashtag_names: fc.oneof(fc.array(fc.oneof(fc.string({ maxLength: 15 }), odd), { maxLength: 5 }), odd),
    effect_ids: fc.oneof(fc.array(fc.oneof(bigId, fc.string()), { maxLength: 3 }), odd),
    video_duration: count,
    is_stem_verified: fc.oneof(fc.boolean(), odd),
    unexpected_field: odd,
  },
  { requiredKeys: [] },
);
const goodVideo = fc.record({
  id: bigId,
  create_time: fc.integer({ min: SINCE, max: SINCE + 7 * 86_400 - 1 }),
  video_description: fc.string(),
  username: fc.constantFrom("drnyheder", "tv2nyhederne", "someone_dk"),
  region_code: fc.constant("DK"),
  view_count: fc.nat(),
  like_count: fc.nat(),
});
const page = fc.record(
  {
    videos: fc.oneof(
      fc.array(fc.oneof(goodVideo, video), { maxLength: 12 }),
      fc.array(odd, { maxLength: 3 }),
      odd,
    ),
    cursor: fc.oneof(fc.nat({ max: 500 }), fc.nat({ max: 500 }).map(String), odd),
    has_more: fc.oneof(fc.boolean(), fc.constantFrom("true", "false", 1, 0), odd),
    search_id: fc.oneof(bigId.map(String), bigId, odd),
  },
  { requiredKeys: [] },
);
const errorPart = fc.oneof(
  fc.record({
    code: fc.oneof(
      fc.constantFrom(
        "ok",
        "invalid_params",
        "internal_error",
        "rate_limit_exceeded",
        "access_token_invalid",
        "scope_not_authorized",
        "scope_permission_missed",
      ),
      fc.string({ maxLength: 20 }),
      odd,
    ),
    message: fc.oneof(
      fc.constantFrom("", "Search Id 7000000000000000001 is invalid or expired", "Invalid count or cursor"),
      fc.string({ maxLength: 40 }),
      odd,
    ),
    log_id: fc.oneof(fc.string({ maxLength: 30 }), odd),
  }),
  odd,
);
const envelope = fc.record({ data: fc.oneof(page, odd), error: errorPart }, { requiredKeys: [] });

const STATUSES = [200, 200, 200, 200, 201, 400, 401, 403, 404, 429, 500, 502, 503, 504];
const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "text/html",
  "text/plain",
  undefined,
];

/** Inserts bytes that are not UTF-8 into a text. */
const invalidUtf8 = (body: string, at: number) => {
  const bytes = Buffer.from(body);
  const i = Math.min(bytes.length, Math.max(0, Math.floor(at * bytes.length)));
  return Buffer.concat([bytes.subarray(0, i), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), bytes.subarray(i)]);
};

/** A well-formed page whose videos are partly fuzzed. */
const nearValid = fc
  .record({
    videos: fc.array(fc.oneof(goodVideo, goodVideo, video), { maxLength: 12 }),
    cursor: fc.nat({ max: 500 }),
    has_more: fc.boolean(),
    search_id: bigId.map(String),
  })
  .map((data) => ({ data, error: { code: "ok", message: "", log_id: "202611240000000000000000000000" } }));

const researchReply: fc.Arbitrary<ScriptedReply> = fc.oneof(
  {
    weight: 5,
    arbitrary: nearValid.map((e) => ({
      status: 200,
      contentType: "application/json",
      body: Buffer.from(toJson(e)),
    })),
  },
  // A JSON envelope (mostly well-formed, fields fuzzed).
  {
    weight: 6,
    arbitrary: fc
      .tuple(envelope, fc.constantFrom(...STATUSES), fc.constantFrom(...CONTENT_TYPES))
      .map(([e, status, contentType]) => ({ status, contentType, body: Buffer.from(toJson(e)) })),
  },
  // Broken bytes: truncated JSON, invalid UTF-8, HTML, empty, a bare value, a huge string.
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        envelope,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(...STATUSES),
        fc.constantFrom("truncated", "utf8", "html", "empty", "bare", "huge", "array"),
      )
      .map(([e, at, status, kind]) => {
        const json = toJson(e);
        const body =
          kind === "truncated"
            ? Buffer.from(json.slice(0, Math.floor(at * json.length)))
            : kind === "utf8"
              ? invalidUtf8(json, at)
              : kind === "html"
                ? Buffer.from("<html><body><h1>504 Gateway Time-out</h1></body></html>")
                : kind === "empty"
                  ? Buffer.alloc(0)
                  : kind === "bare"
                    ? Buffer.from(String(Math.floor(at * 1e6)))
                    : kind === "huge"
                      ? Buffer.from(
                          toJson({
                            data: { videos: [], has_more: false, cursor: 0, search_id: "1" },
                            error: { code: "ok", message: "x".repeat(3_000_000) },
                          }),
                        )
                      : Buffer.from("[]");
        return { status, contentType: "application/json", body };
      }),
  },
  // The connection breaks.
  {
    weight: 1,
    arbitrary: fc
      .tuple(envelope, fc.constantFrom("reset" as const, "partial" as const))
      .map(([e, transport]) => ({
        status: 200,
        contentType: "application/json",
        body: Buffer.from(toJson(e)),
        transport,
      })),
  },
);

const tokenReply: fc.Arbitrary<ScriptedReply> = fc
  .tuple(
    fc.record(
      {
        access_token: fc.oneof(fc.constant("clt.fuzzedfuzzedfuzzedfuzzed"), odd),
        expires_in: fc.oneof(fc.constantFrom(7200, "7200", 0, -5, 1e12), odd),
        token_type: fc.oneof(fc.constant("Bearer"), odd),
        error: fc.oneof(fc.constantFrom("invalid_client", "invalid_request"), odd),
        error_description: odd,
      },
      { requiredKeys: [] },
    ),
    fc.constantFrom(200, 200, 400, 401, 403, 500, 503),
    fc.constantFrom("json", "garbage", "reset"),
  )
  .map(([body, status, kind]) =>
    kind === "json"
      ? { status, contentType: "application/json", body: Buffer.from(toJson(body)) }
      : kind === "garbage"
        ? { status, contentType: "text/html", body: Buffer.from("<html>oops</html>") }
        : { status: 200, body: Buffer.alloc(0), transport: "reset" as const },
  );

/**
 * One collection against the scripted API: "completed", the typed error's name, or "untyped …"; and
 * the records it yielded that are not valid UCR records (or whose platform_id is not a decimal ID).
 */
async function collectOnce(): Promise<{ outcome: string; invalid: string[]; records: number }> {
  const collector = createTikTokCollector({
    credentials: { ...SUITE_CLIENT, id: "responses" },
    pseudonymSalt: SUITE_SALT,
    baseUrl: api.url,
    retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0, slowDelayMs: 0 },
    sleep: async () => undefined,
    timeoutMs: 10_000,
    logger,
    languageDetector: await suiteDetector(),
  });
  const invalid: string[] = [];
  let records = 0;
  let outcome = "completed";
  try {
    for await (const record of collector.collectByTerms({
      terms: ["klima"],
      since: "2026-09-01",
      until: "2026-09-08",
    })) {
      records++;
      const checked = contentRecordSchema.safeParse(record);
      if (!checked.success) {
        const issue = checked.error.issues[0]!;
        invalid.push(`${issue.path.join(".")}: ${issue.message}`);
      } else if (!/^\d{1,20}$/.test(record.platform_id)) {
        invalid.push(`platform_id ${JSON.stringify(record.platform_id)} is not a decimal ID`);
      }
    }
  } catch (error) {
    errors.push(describeError(error));
    outcome = isArenaError(error)
      ? `${error.name} (${error.failureType})`
      : `untyped ${(error as Error)?.name}: ${describeError(error)}`;
  }
  return { outcome, invalid, records };
}

const pageWith = (fields: Record<string, unknown>) =>
  toJson({
    data: {
      videos: [
        {
          id: 7_300_000_000_000_000_001n,
          create_time: SINCE + 3_600,
          video_description: "klima og afgifter #dkpol",
          username: "drnyheder",
          region_code: "DK",
          view_count: 10,
          like_count: 2,
          ...fields,
        },
      ],
      cursor: 1,
      has_more: false,
      search_id: "7000000000000000001",
    },
    error: { code: "ok", message: "", log_id: "202611240000000000000000000000" },
  });

describe("API values out of range", () => {
  const cases: [string, Record<string, unknown>][] = [
    ["a negative count (share_count -1)", { share_count: -1 }],
    ["a fractional count (like_count 1.5)", { like_count: 1.5 }],
    ['a count as a string (view_count "12")', { view_count: "12" }],
    ["a count beyond 2^53 (view_count 2^64-1)", { view_count: 18_446_744_073_709_551_615n }],
    ["a negative ID (id -1)", { id: -1 }],
    ['an ID that is not a number (id "abc")', { id: "abc" }],
    ["create_time as a string", { create_time: String(SINCE + 3_600) }],
    ["create_time outside the window", { create_time: SINCE - 86_400 * 400 }],
    ["a username that is a number", { username: 12 }],
    ["hashtag_names as a string", { hashtag_names: "dkpol" }],
  ];
  for (const [label, fields] of cases) {
    it(`${label}: skipped, normalised or a typed error — never an invalid record`, async () => {
      api.token = undefined;
      api.script = [{ status: 200, contentType: "application/json", body: Buffer.from(pageWith(fields)) }];
      const { outcome, invalid, records } = await collectOnce();
      rows.push({
        input: `a video with ${label}`,
        cases: 1,
        "records yielded (all valid UCR)": records,
        outcomes: [outcome, ...invalid.map((i) => `INVALID RECORD ${i}`)].join("; "),
      });
      expect(outcome).not.toMatch(/^untyped/);
      expect(invalid, label).toEqual([]);
    });
  }
});

describe("bad answers from the API", () => {
  it(`${RUNS} fuzzed answer sequences: clean ends with valid records, or typed ArenaErrors`, async () => {
    const tally = new Map<string, number>();
    let recordsSeen = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(researchReply, { minLength: 1, maxLength: 4 }),
        fc.option(tokenReply, { freq: 5 }),
        async (script, token) => {
          api.script = [...script];
          api.token = token ?? undefined;
          const { outcome, invalid, records } = await collectOnce();
          recordsSeen += records;
          tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
          expect(outcome).not.toMatch(/^untyped/);
          expect(invalid).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
    rows.push({
      input: "token + video query answers (status, content type, body, transport)",
      cases: RUNS,
      "records yielded (all valid UCR)": recordsSeen,
      outcomes: [...tally.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(", "),
    });
    expect(tally.get("completed") ?? 0).toBeGreaterThan(0);
    expect(recordsSeen).toBeGreaterThan(0);
  }, 300_000);
});
