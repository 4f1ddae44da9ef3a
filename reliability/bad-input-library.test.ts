/**
 * Bad input to the library: fuzzed queries (collectByTerms, collectByActors, estimateCost) and fuzzed
 * createTikTokCollector options. Every case ends in a typed ArenaError or a clean result — never a
 * TypeError, a RangeError, a raw zod error or anything else unhandled. No network: a fake fetch
 * answers like the API and aborts long collections.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { isArenaError, type LanguageDetector, MemoryLogger } from "@observatory/arena-core";
import { createTikTokCollector } from "@observatory/arena-tiktok";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeError, saveArtifact } from "./support/artifacts.js";
import { suiteDetector } from "./support/detector.js";
import { fakeApiFetch } from "./support/fake-api.js";
import { type ResultRow, recordSection } from "./support/results.js";
import { SUITE_CLIENT, SUITE_SALT } from "./support/suite-client.js";

const RUNS = { queries: 400, actors: 200, estimates: 200, options: 400 };

const rows: ResultRow[] = [];
const texts: string[] = [];
const logger = new MemoryLogger();

afterAll(() => {
  saveArtifact("bad-input-library-errors", texts.join("\n---\n"));
  saveArtifact("bad-input-library-log", logger.text());
  recordSection({
    section: "bad-input-library",
    summary: `${rows.reduce((n, r) => n + Number(r.cases), 0)} fuzzed library inputs: only typed ArenaErrors or clean results`,
    rows,
  });
});

/** Runs a case: a clean result or an ArenaError; anything else fails the property. */
async function typedOrClean(run: () => Promise<unknown>, tally: Map<string, number>): Promise<boolean> {
  try {
    await run();
    tally.set("ok", (tally.get("ok") ?? 0) + 1);
    return true;
  } catch (error) {
    texts.push(describeError(error));
    if (!isArenaError(error)) {
      throw new Error(`untyped ${(error as Error)?.name}: ${describeError(error)}`);
    }
    const key = `${error.name} (${error.failureType})`;
    tally.set(key, (tally.get(key) ?? 0) + 1);
    return true;
  }
}

let languageDetector: LanguageDetector;
beforeAll(async () => {
  languageDetector = await suiteDetector();
});

function collector(controller: AbortController, extra: Record<string, unknown> = {}) {
  return createTikTokCollector({
    credentials: { ...SUITE_CLIENT, id: "fuzz" },
    pseudonymSalt: SUITE_SALT,
    baseUrl: "http://127.0.0.1:9",
    fetch: fakeApiFetch(controller),
    sleep: async () => undefined,
    logger,
    languageDetector,
    ...extra,
  });
}

async function drainAll(iterable: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of iterable) {
    // records are not the point here
  }
}

// Values a user might put anywhere: near-valid, wrong types, strings that look like numbers, huge.
const weirdString = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom("", " ", "#", "@", "#fyp", "klima", "\u0000", "2026-02-30", "2026-13-01", "yesterday"),
  fc.constantFrom("null", "undefined", "NaN", "1e309", "-1", "0x10", "'; DROP TABLE", "a".repeat(5000)),
);
// Dates stay within 1990–2100 here: a range of centuries is its own test below (it is slow or fatal).
const dateLike = fc.oneof(
  fc.constantFrom("2026-09-01", "2026-10-01", "2026-09-01T12:00:00Z", "2025-01-01", "2030-01-01", "20260901"),
  fc.date({ min: new Date("1990-01-01"), max: new Date("2100-01-01"), noInvalidDate: false }),
  fc.integer(),
  weirdString,
  fc.constant(null),
);
const weird = fc.oneof(
  weirdString,
  fc.anything(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(undefined),
);
const stringList = fc.oneof(fc.array(weirdString, { maxLength: 6 }), weird);

/** A valid query over 1–60 days of 2026, with terms a user might really type (unicode, quotes, emoji). */
const realTerm = fc.oneof(
  fc.constantFrom("klima", "#dkpol", "valg", "grøn omstilling", "#fyp", "Mette F.", '"citat"', "🇩🇰", "æøå"),
  fc.string({ minLength: 1, maxLength: 30 }),
);
const validWindow = fc
  .tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 60 }))
  .map(([start, days]) => {
    const since = Date.UTC(2025, 11, 1) + start * 86_400_000;
    return { since: new Date(since).toISOString().slice(0, 10), until: new Date(since + days * 86_400_000) };
  });
const validTerms = fc
  .tuple(fc.array(realTerm, { minLength: 1, maxLength: 5 }), validWindow)
  .map(([terms, window]) => ({ terms, ...window }));
const validActors = fc
  .tuple(
    fc.array(fc.oneof(realTerm, fc.constantFrom("@drnyheder", "tv2nyhederne")), {
      minLength: 1,
      maxLength: 5,
    }),
    validWindow,
  )
  .map(([actors, window]) => ({ actors, ...window }));

/** One field of a query set to something odd. */
const queryMutation = fc.oneof(
  fc.record({ terms: stringList }),
  fc.record({
    termGroups: fc.oneof(fc.array(fc.array(weirdString, { maxLength: 4 }), { maxLength: 4 }), weird),
  }),
  fc.record({ exclude: stringList }),
  fc.record({ actors: stringList }),
  fc.record({ since: dateLike }),
  fc.record({ until: dateLike }),
  fc.record({ maxResults: fc.oneof(fc.integer(), fc.double(), weirdString, weird) }),
  fc.record({ languages: stringList }),
  fc.record({ regions: stringList }),
  fc.record({ tier: fc.oneof(fc.constantFrom("free", "medium", "premium"), weirdString) }),
  fc.dictionary(weirdString, weird, { maxKeys: 2 }),
);
const mutated = <T extends object>(base: fc.Arbitrary<T>) =>
  fc
    .tuple(base, fc.array(queryMutation, { maxLength: 2 }))
    .map(([b, mutations]) => Object.assign({}, b, ...mutations) as Record<string, unknown>);

const freeQuery = fc.record(
  {
    terms: stringList,
    termGroups: weird,
    exclude: stringList,
    actors: stringList,
    since: dateLike,
    until: dateLike,
    maxResults: weird,
    languages: stringList,
    regions: stringList,
    tier: weird,
  },
  { requiredKeys: [] },
);

const termsQuery = fc.oneof(
  { weight: 6, arbitrary: mutated(validTerms) },
  { weight: 2, arbitrary: freeQuery },
  { weight: 1, arbitrary: fc.anything() },
);
const actorsQuery = fc.oneof(
  { weight: 6, arbitrary: mutated(validActors) },
  { weight: 2, arbitrary: freeQuery },
  { weight: 1, arbitrary: fc.anything() },
);

const collectOptions = fc.record(
  { runId: fc.oneof(weirdString, weird), isRandom: weird, extra: weird },
  { requiredKeys: [] },
);

describe("bad input to the library", () => {
  it(`collectByTerms: ${RUNS.queries} fuzzed queries and options`, async () => {
    const tally = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(termsQuery, collectOptions, async (query, options) => {
        const controller = new AbortController();
        return typedOrClean(
          () =>
            drainAll(
              collector(controller).collectByTerms(query as never, {
                ...(options as object),
                signal: controller.signal,
              }),
            ),
          tally,
        );
      }),
      { numRuns: RUNS.queries },
    );
    rows.push({ input: "collectByTerms query + options", cases: RUNS.queries, outcomes: outcomes(tally) });
    expect(tally.get("ok") ?? 0).toBeLessThan(RUNS.queries);
  });

  it(`collectByActors: ${RUNS.actors} fuzzed queries`, async () => {
    const tally = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(actorsQuery, async (query) => {
        const controller = new AbortController();
        return typedOrClean(
          () =>
            drainAll(collector(controller).collectByActors(query as never, { signal: controller.signal })),
          tally,
        );
      }),
      { numRuns: RUNS.actors },
    );
    rows.push({ input: "collectByActors query", cases: RUNS.actors, outcomes: outcomes(tally) });
  });

  it(`estimateCost: ${RUNS.estimates} fuzzed queries`, async () => {
    const tally = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof(termsQuery, actorsQuery), async (query) => {
        const controller = new AbortController();
        return typedOrClean(() => collector(controller).estimateCost(query as never), tally);
      }),
      { numRuns: RUNS.estimates },
    );
    rows.push({ input: "estimateCost query", cases: RUNS.estimates, outcomes: outcomes(tally) });
  });

  it(`createTikTokCollector: ${RUNS.options} fuzzed options (an accepted configuration then collects)`, async () => {
    const tally = new Map<string, number>();
    const fields: Record<string, fc.Arbitrary<unknown>> = {
      credentials: fc.oneof(
        fc.record(
          { clientKey: fc.oneof(weirdString, weird), clientSecret: fc.oneof(weirdString, weird), id: weird },
          { requiredKeys: [] },
        ),
        weird,
      ),
      pseudonymSalt: fc.oneof(weirdString, weird),
      publicFigures: stringList,
      keepAuthorHandles: weird,
      baseUrl: fc.oneof(fc.webUrl(), weirdString, weird),
      retry: fc.oneof(
        fc.record(
          {
            maxAttempts: fc.oneof(fc.integer({ min: -2, max: 30 }), weird),
            baseDelayMs: weird,
            maxDelayMs: weird,
            slowDelayMs: weird,
          },
          { requiredKeys: [] },
        ),
        weird,
      ),
      windowDays: fc.oneof(fc.integer({ min: -5, max: 40 }), weird),
      maxCount: fc.oneof(fc.integer({ min: -5, max: 200 }), weird),
      timeoutMs: fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), weird),
      dateGuard: weird,
      actorsPerQuery: fc.oneof(fc.integer({ min: -5, max: 200 }), weird),
      fields: fc.oneof(
        fc.array(fc.constantFrom("id", "like_count", "username", "x", "Bad Field"), { maxLength: 4 }),
        stringList,
      ),
      workerId: fc.oneof(weirdString, weird),
      leaseMs: weird,
      leasePollMs: weird,
      dailyRequests: fc.oneof(fc.integer({ min: -5, max: 10_000 }), weird),
      quota: weird,
      checkpoints: weird,
      tokenCache: weird,
      limiter: weird,
      languageDetector: weird,
      logger: weird,
      clock: weird,
      random: weird,
      brightData: fc.oneof(fc.record({ apiKey: weird, pollIntervalMs: weird }, { requiredKeys: [] }), weird),
    };
    const option = fc
      .array(
        fc.oneof(
          ...Object.entries(fields).map(([key, value]) => value.map((v) => ({ [key]: v }))),
          fc.dictionary(weirdString, weird, { maxKeys: 1 }),
        ),
        { minLength: 0, maxLength: 3 },
      )
      .map((changes) => Object.assign({}, ...changes) as Record<string, unknown>);
    await fc.assert(
      fc.asyncProperty(option, fc.boolean(), async (fuzzed, keepBase) => {
        const controller = new AbortController();
        const base = keepBase
          ? {
              credentials: { ...SUITE_CLIENT, id: "fuzz" },
              pseudonymSalt: SUITE_SALT,
              fetch: fakeApiFetch(controller),
              sleep: async () => undefined,
              languageDetector,
            }
          : { fetch: fakeApiFetch(controller), sleep: async () => undefined, languageDetector };
        return typedOrClean(async () => {
          const made = createTikTokCollector({ ...base, ...fuzzed } as never);
          await drainAll(
            made.collectByTerms(
              { terms: ["klima"], since: "2026-09-01", until: "2026-09-15" },
              { signal: controller.signal },
            ),
          );
        }, tally);
      }),
      { numRuns: RUNS.options },
    );
    rows.push({ input: "createTikTokCollector options", cases: RUNS.options, outcomes: outcomes(tally) });
    expect(tally.get("ok") ?? 0).toBeGreaterThan(0);
  });
});

describe("edge values instead of a query", () => {
  const values: [string, unknown][] = [
    ["null", null],
    ["undefined", undefined],
    ["0", 0],
    ['""', ""],
    ["[]", []],
    ["{}", {}],
    ["true", true],
    ["a Date", new Date("2026-09-01")],
    ["a function", () => 1],
  ];
  const methods: [
    string,
    (c: ReturnType<typeof collector>, q: unknown, signal: AbortSignal) => Promise<unknown>,
  ][] = [
    ["collectByTerms", (c, q, signal) => drainAll(c.collectByTerms(q as never, { signal }))],
    ["collectByActors", (c, q, signal) => drainAll(c.collectByActors(q as never, { signal }))],
    ["estimateCost", (c, q) => c.estimateCost(q as never)],
  ];
  for (const [method, call] of methods) {
    it(`${method}(${values.map(([label]) => label).join(", ")}): a ConfigError each`, async () => {
      const tally = new Map<string, number>();
      const untyped: string[] = [];
      for (const [label, value] of values) {
        const controller = new AbortController();
        try {
          await typedOrClean(() => call(collector(controller), value, controller.signal), tally);
        } catch (error) {
          untyped.push(`${method}(${label}): ${(error as Error).message.split("\n")[0]}`);
        }
      }
      rows.push({
        input: `${method}(edge values)`,
        cases: values.length,
        outcomes: [outcomes(tally), ...untyped].filter(Boolean).join("; "),
      });
      expect(untyped).toEqual([]);
      expect(tally.get("ConfigError (config)")).toBe(values.length);
    });
  }
});

describe("an absurd date range (a typo such as 9999 for 2026)", () => {
  const child = fileURLToPath(new URL("./support/date-range-child.mjs", import.meta.url));
  const cases = [
    ["1900-01-01 .. 9999-12-31", Date.parse("1900-01-01"), Date.parse("9999-12-31")],
    ["the earliest .. the latest JavaScript date", -8.64e15, 8.64e15],
  ] as const;
  for (const [label, since, until] of cases) {
    it(`${label}: a typed error or a clean run in a 256 MB heap within 20 s, never out of memory`, () => {
      const result = spawnSync(
        process.execPath,
        ["--max-old-space-size=256", child, String(since), String(until)],
        { encoding: "utf8", timeout: 20_000 },
      );
      texts.push(
        `${label}: exit ${result.status} ${result.signal ?? ""}\n${result.stdout}\n${result.stderr}`,
      );
      const reason = result.signal
        ? `killed by ${result.signal} (${result.signal === "SIGABRT" ? "out of memory" : "timed out"})`
        : result.status !== 0
          ? `exit ${result.status}: ${result.stderr.split("\n").find((l) => /heap|memory|Error/.test(l)) ?? ""}`
          : "";
      rows.push({
        input: `date range ${label}`,
        cases: 1,
        outcomes: reason || (JSON.parse(result.stdout.trim()) as { outcome: string }).outcome,
      });
      expect(reason, `${label}: the collector must not build one window per week of millennia up front`).toBe(
        "",
      );
      expect((JSON.parse(result.stdout.trim()) as { outcome: string }).outcome).not.toMatch(/^untyped/);
    });
  }
});

function outcomes(tally: Map<string, number>): string {
  return [...tally.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
}
