// The dashboard's pages over a year-long study: 10 schedules × 365 days, 1,000,000 records, one
// refresh recheck per record, deletions, spend and checks every day — filled straight in SQL through
// the store's and the scheduler's tables, on a PostgreSQL server and on the embedded store (PGlite).
// Each page is requested in-process (`app.request`, so the time is SQL + rendering) and its p95 taken.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PostgresSchedulerStore } from "@observatory/scheduler";
import { openStore } from "@observatory/store-postgres";
import { postgresSkipReason, startPostgresServer } from "@observatory/store-postgres/testing";
import { type BenchResult, isMain, printResult } from "../../../bench/bench-result.js";
import { createDashboardApp } from "../src/index.js";

const RECORDS = Number(process.env.DASHBOARD_BENCH_RECORDS ?? 1_000_000);
const SCHEDULES = 10;
const DAYS = 365;
const ROUNDS = Number(process.env.DASHBOARD_BENCH_ROUNDS ?? 12);
const GOAL_MS = 1_000;
const NOW = Date.parse("2027-09-01T12:00:00Z");

export async function fill(sql: { query: (q: string, p?: unknown[]) => Promise<unknown> }): Promise<void> {
  const now = new Date(NOW).toISOString();
  await sql.query(
    `INSERT INTO scheduler_schedules (name, platform, query, since, until, live_tail_days, priority, daily_budget, paused, created_at)
     SELECT 'study-' || s, 'tiktok', jsonb_build_object('terms', jsonb_build_array('term' || s)),
       ($1::timestamptz - interval '365 days')::date, NULL, 10, 1 + s % 10, NULL, false, $1::timestamptz - interval '366 days'
     FROM generate_series(0, $2 - 1) s`,
    [now, SCHEDULES],
  );
  // One completed first run per schedule × day, a failed one for every 97th window (given up).
  await sql.query(
    `INSERT INTO collection_runs (run_id, kind, platform, query, status, started_at, updated_at, records)
     SELECT 'collect.study-' || s || '.all.' || to_char(d, 'YYYY-MM-DD') || '.first', 'schedule', 'tiktok',
       jsonb_build_object('schedule', 'study-' || s, 'day', to_char(d, 'YYYY-MM-DD')),
       CASE WHEN (s * 400 + i) % 97 = 0 THEN 'failed' ELSE 'completed' END, d + interval '1 day', d + interval '1 day', 0
     FROM generate_series(0, $2 - 1) s, generate_series(1, $3) i,
       LATERAL (SELECT ($1::timestamptz - (i || ' days')::interval)::date::timestamptz AS d) x`,
    [now, SCHEDULES, DAYS],
  );
  await sql.query(
    `INSERT INTO scheduler_coverage (schedule, partition, day, collected_at)
     SELECT query->>'schedule', 'all', (query->>'day')::date, updated_at FROM collection_runs
     WHERE status = 'completed' AND (hashtext(run_id) % 53) <> 0`,
  );
  await sql.query(
    `INSERT INTO content_records (platform, arena, platform_id, content_type, published_at, collected_at, raw_metadata,
       media_urls, search_terms_matched, collection_tier, first_collected_at, last_seen_at, last_checked_at, first_run_id,
       pseudonymized_author_id, views_count)
     SELECT 'tiktok', 'tiktok', (7300000000000000000 + n)::text, 'video', d + ((n % 86400) || ' seconds')::interval,
       d + interval '1 day', '{}'::jsonb, '{}', '{}', 'research', d + interval '1 day', d + interval '1 day',
       LEAST($1::timestamptz - interval '1 day', d + interval '12 days'),
       'collect.study-' || (n % $3) || '.all.' || to_char(d, 'YYYY-MM-DD') || '.first', md5(n::text), n % 100000
     FROM generate_series(1, $2) n,
       LATERAL (SELECT ($1::timestamptz - ((1 + (n / $3) % $4) || ' days')::interval)::date::timestamptz AS d) x`,
    [now, RECORDS, SCHEDULES, DAYS],
  );
  await sql.query(
    `UPDATE collection_runs r SET records = x.n
     FROM (SELECT first_run_id, count(*) AS n FROM content_records GROUP BY 1) x WHERE r.run_id = x.first_run_id`,
  );
  await sql.query(
    `INSERT INTO scheduler_rechecks (platform, platform_id, checked_at, kind)
     SELECT platform, platform_id, published_at + interval '11 days', 'refresh' FROM content_records
     WHERE published_at < $1::timestamptz - interval '11 days'`,
    [now],
  );
  await sql.query(
    `INSERT INTO scheduler_spend (day, key, requests)
     SELECT ($1::timestamptz - (i || ' days')::interval)::date, k, 100 + (i * 7) % 300
     FROM generate_series(0, $2) i, unnest(ARRAY['collect', 'refresh', 'compliance']) k`,
    [now, DAYS],
  );
  await sql.query(
    `INSERT INTO scheduler_checks (day, platform, kind, checks, deletions)
     SELECT ($1::timestamptz - (i || ' days')::interval)::date, 'tiktok', k, 2500, 15
     FROM generate_series(0, $2) i, unnest(ARRAY['refresh', 'compliance']) k`,
    [now, DAYS],
  );
  await sql.query(
    `INSERT INTO deletions (platform, platform_id, kind, deleted_at, reason)
     SELECT 'tiktok', (8300000000000000000 + n)::text, 'content', $1::timestamptz - ((n % 365) || ' days')::interval, 'bench'
     FROM generate_series(1, 11000) n`,
    [now],
  );
  await sql.query("ANALYZE");
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] as number;

async function measure(backend: "PGlite" | "PostgreSQL"): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "dashboard-bench-"));
  const server = backend === "PostgreSQL" ? await startPostgresServer() : undefined;
  const store = await openStore(server ? server.url() : join(dir, "study"));
  try {
    await PostgresSchedulerStore.open(store);
    const t0 = performance.now();
    await fill(store.sql);
    const fillS = (performance.now() - t0) / 1000;
    if (process.env.DASHBOARD_BENCH_TRACE || process.env.DASHBOARD_BENCH_EXPLAIN) {
      // One traced pass of /compliance: each query's time (and with DASHBOARD_BENCH_EXPLAIN its plan,
      // EXPLAIN ANALYZE), to see which one a slow page waits for and what it reads.
      const explain = Boolean(process.env.DASHBOARD_BENCH_EXPLAIN);
      const traced = {
        exec: (q: string) => store.sql.exec(q),
        query: async (q: string, p?: readonly unknown[]) => {
          if (explain && !q.startsWith("EXPLAIN")) {
            const plan = await store.sql.query<Record<string, unknown>>(
              `EXPLAIN (ANALYZE, COSTS OFF) ${q}`,
              p,
            );
            const lines = plan.rows.map((r) => `    ${String(Object.values(r)[0])}`).join("\n");
            console.error(`${backend}: ${q.replace(/\s+/g, " ")}\n${lines}`);
          }
          const t = performance.now();
          const r = await store.sql.query(q, p);
          console.error(`${Math.round(performance.now() - t)} ms: ${q.replace(/\s+/g, " ").slice(0, 100)}`);
          return r;
        },
      } as typeof store.sql;
      await createDashboardApp({ sql: traced, clock: { now: () => NOW } }).request("/compliance");
    }
    const app = createDashboardApp({ sql: store.sql, clock: { now: () => NOW } });
    // The pages as opened (their default periods: quota 30 days, compliance 90), then a year of each.
    const pages = [
      "/",
      "/coverage",
      "/quota",
      "/compliance",
      "/compliance/report",
      "/queue",
      "/quota?days=365",
      "/compliance?days=365",
    ];
    const rows: BenchResult["rows"] = [];
    let worst = 0;
    for (const path of pages) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const start = performance.now();
        const res = await app.request(path);
        const body = await res.text();
        times.push(performance.now() - start);
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
        bytes = body.length;
      }
      const p = p95(times);
      worst = Math.max(worst, p);
      rows.push({
        metric: `${backend}: p95 ${path} (${Math.round(bytes / 1024)} KB)`,
        value: Math.round(p),
        unit: "ms",
        goal: `< ${GOAL_MS}`,
        pass: p < GOAL_MS,
      });
    }
    rows.unshift({
      metric: `${backend}: p95 page time, slowest page`,
      value: Math.round(worst),
      unit: "ms",
      goal: `< ${GOAL_MS}`,
      pass: worst < GOAL_MS,
    });
    return {
      name: `dashboard: pages over ${RECORDS.toLocaleString("en-US")} records, ${SCHEDULES} schedules × ${DAYS} days (embedded PGlite)`,
      rows,
      notes: [
        `${backend}: store filled in SQL in ${fillS.toFixed(0)} s; ${ROUNDS} requests per page, in-process (SQL + rendering, no network)`,
      ],
    };
  } finally {
    await store.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Both backends: the embedded store (a directory) and a PostgreSQL server (skipped, said so, without one). */
export async function run(): Promise<BenchResult> {
  const embedded = await measure("PGlite");
  const skip = postgresSkipReason();
  if (skip)
    return { ...embedded, notes: [...(embedded.notes ?? []), `PostgreSQL server not measured: ${skip}`] };
  const server = await measure("PostgreSQL");
  return {
    name: `dashboard: pages over ${RECORDS.toLocaleString("en-US")} records, ${SCHEDULES} schedules × ${DAYS} days`,
    rows: [...server.rows, ...embedded.rows],
    notes: [...(server.notes ?? []), ...(embedded.notes ?? [])],
  };
}

if (isMain(import.meta.url)) printResult(await run());
