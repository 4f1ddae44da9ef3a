/**
 * A collection job's bookkeeping as server-side functions (the scheduler's migration 2). PL/pgSQL keeps
 * the plan of each statement inside a function for the connection's life, so a job's statements are
 * parsed and planned once per connection instead of once per job: the start statement went from
 * 0.6 ms to 0.2 ms at p50 on PostgreSQL 15 (bench/RESULTS.md). The store's connection sends only
 * unnamed statements, which the server plans every time.
 *
 * - `scheduler_begin_collect`: the schedule, its window's coverage and the run's start (only when the
 *   job is to run: not paused, window not collected since `as_of`).
 * - `scheduler_finish_collect`: the run's end, its last requests, and the window's coverage.
 * - `scheduler_try_spend`: one request's shares of the day (each an atomic add under its cap), all
 *   in one statement; returns the keys it was counted under.
 */
export const SCHEDULER_FUNCTIONS_SQL = `
CREATE FUNCTION scheduler_begin_collect(p_schedule text, p_day date, p_as_of timestamptz, p_run_id text, p_now timestamptz)
RETURNS TABLE (name text, platform text, query jsonb, since date, until date, live_tail_days integer,
  priority integer, daily_budget integer, paused boolean, created_at timestamptz,
  window_collected_at timestamptz, started integer)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH s AS (SELECT * FROM scheduler_schedules WHERE scheduler_schedules.name = p_schedule),
  c AS (SELECT max(collected_at) AS at FROM scheduler_coverage WHERE schedule = p_schedule AND day = p_day),
  go AS (
    SELECT s.name, s.query FROM s CROSS JOIN c
    WHERE NOT s.paused AND (c.at IS NULL OR (p_as_of IS NOT NULL AND c.at < p_as_of))
  ),
  run AS (
    INSERT INTO collection_runs (run_id, kind, platform, query, status, started_at, updated_at)
    SELECT p_run_id, 'schedule', 'tiktok',
      jsonb_build_object('schedule', go.name, 'day', to_char(p_day, 'YYYY-MM-DD'), 'query', go.query),
      'running', p_now, p_now FROM go
    ON CONFLICT (run_id) DO UPDATE SET status = 'running', updated_at = EXCLUDED.updated_at,
      finished_at = NULL, detail = NULL
    RETURNING run_id
  )
  SELECT s.name, s.platform, s.query, s.since, s.until, s.live_tail_days, s.priority, s.daily_budget,
    s.paused, s.created_at, (SELECT at FROM c), (SELECT count(*) FROM run)::int FROM s;
END
$fn$;

CREATE FUNCTION scheduler_finish_collect(p_run_id text, p_status text, p_now timestamptz, p_detail text,
  p_requests bigint, p_schedule text, p_partition text, p_day date, p_collected_at timestamptz)
RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE collection_runs SET status = p_status, updated_at = p_now, requests = requests + p_requests,
    finished_at = CASE WHEN p_status = 'completed' THEN p_now ELSE NULL END, detail = p_detail
  WHERE run_id = p_run_id;
  IF p_schedule IS NOT NULL THEN
    INSERT INTO scheduler_coverage (schedule, partition, day, collected_at)
    VALUES (p_schedule, p_partition, p_day, p_collected_at)
    ON CONFLICT (schedule, partition, day) DO UPDATE
      SET collected_at = GREATEST(scheduler_coverage.collected_at, EXCLUDED.collected_at);
  END IF;
END
$fn$;

CREATE FUNCTION scheduler_try_spend(p_day date, p_keys text[], p_requests bigint, p_caps bigint[])
RETURNS SETOF text
LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN QUERY
  WITH taken AS (
    INSERT INTO scheduler_spend AS s (day, key, requests)
    SELECT p_day, k, p_requests FROM unnest(p_keys) AS k
    ON CONFLICT (day, key) DO UPDATE SET requests = s.requests + EXCLUDED.requests
    WHERE EXCLUDED.requests <= 0 OR p_caps[array_position(p_keys, s.key)] IS NULL
      OR s.requests + EXCLUDED.requests <= p_caps[array_position(p_keys, s.key)]
    RETURNING s.key
  )
  SELECT taken.key FROM taken;
END
$fn$;
`;

/**
 * The scheduler's migration 3: `scheduler_start_collect` is `scheduler_begin_collect` that also counts
 * the job's first request under its shares of the day (all or none, as `scheduler_try_spend` with the
 * caller giving back a partial take), so a one-request job makes two round trips instead of three.
 * `p_budget_key`'s cap is the schedule's own `daily_budget`, read in the same statement; a share whose
 * cap is below one request is refused without asking (as `trySpendShares` does). `spent` is the keys
 * counted: all of `p_keys`, or none. The old function stays for workers of the previous version.
 */
export const SCHEDULER_START_FUNCTION_SQL = `
CREATE FUNCTION scheduler_start_collect(p_schedule text, p_day date, p_as_of timestamptz, p_run_id text,
  p_now timestamptz, p_spend_day date, p_keys text[], p_caps bigint[], p_budget_key text)
RETURNS TABLE (name text, platform text, query jsonb, since date, until date, live_tail_days integer,
  priority integer, daily_budget integer, paused boolean, created_at timestamptz,
  window_collected_at timestamptz, started integer, spent text[])
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  r record;
  v_caps bigint[];
  v_spent text[] := '{}';
BEGIN
  SELECT * INTO r FROM scheduler_begin_collect(p_schedule, p_day, p_as_of, p_run_id, p_now);
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF r.started = 1 AND p_spend_day IS NOT NULL AND cardinality(p_keys) > 0 THEN
    v_caps := ARRAY(
      SELECT CASE WHEN t.k = p_budget_key THEN r.daily_budget::bigint ELSE p_caps[t.i] END
      FROM unnest(p_keys) WITH ORDINALITY AS t(k, i) ORDER BY t.i);
    IF NOT EXISTS (SELECT 1 FROM unnest(v_caps) AS c(cap) WHERE c.cap IS NOT NULL AND c.cap < 1) THEN
      v_spent := ARRAY(SELECT scheduler_try_spend(p_spend_day, p_keys, 1, v_caps));
      IF cardinality(v_spent) < cardinality(p_keys) THEN
        PERFORM scheduler_try_spend(p_spend_day, v_spent, -1,
          array_fill(NULL::bigint, ARRAY[cardinality(v_spent)]));
        v_spent := '{}';
      END IF;
    END IF;
  END IF;
  RETURN QUERY SELECT r.name, r.platform, r.query, r.since, r.until, r.live_tail_days, r.priority,
    r.daily_budget, r.paused, r.created_at, r.window_collected_at, r.started, v_spent;
END
$fn$;
`;
