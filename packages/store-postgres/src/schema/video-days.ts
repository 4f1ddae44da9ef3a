/**
 * Version 3: `video_days`, the held videos per UTC day of publication and how many of them were checked
 * by ID at 10–15 days of age (the engagement refresh TikTok's terms ask for), kept exact by triggers, so
 * a compliance report over a year of a 1,000,000-record study sums 365 rows instead of probing a million.
 *
 * - An insert adds its videos per day (and counts those already checked in the window).
 * - A check by ID (`UPDATE … SET last_checked_at`, the scheduler's refresh and compliance rechecks, the
 *   store's `markChecked`) that lands in the window marks the video once (`video_refreshes`) and adds it
 *   to its day. Ingestion's upserts never set `last_checked_at`, so they never fire this row trigger.
 * - A changed `published_at` moves the video (and its mark) to its new day.
 * - A delete takes its videos (and their marks) away.
 */
export const VIDEO_REFRESH_WINDOW_DAYS = { from: 10, to: 15 } as const;

const { from, to } = VIDEO_REFRESH_WINDOW_DAYS;
/** Whether `r`'s last check by ID is in the refresh window (`r`: a row alias). */
const inWindow = (r: string) =>
  `(${r}.last_checked_at >= ${r}.published_at + interval '${from} days' AND ${r}.last_checked_at <= ${r}.published_at + interval '${to} days')`;
const utcDay = (r: string) => `(${r}.published_at AT TIME ZONE 'UTC')::date`;

export const VIDEO_DAYS_SQL = `
CREATE TABLE video_days (
  day date PRIMARY KEY,
  videos bigint NOT NULL DEFAULT 0,
  refreshed bigint NOT NULL DEFAULT 0
);
CREATE TABLE video_refreshes (
  platform text NOT NULL,
  platform_id text NOT NULL,
  PRIMARY KEY (platform, platform_id)
);

INSERT INTO video_refreshes (platform, platform_id)
SELECT a.platform, a.platform_id FROM content_records a
WHERE a.content_type = 'video' AND a.published_at IS NOT NULL AND ${inWindow("a")};
-- A study upgraded with the scheduler's tables: its recorded rechecks in the window count too.
DO $$ BEGIN
  IF to_regclass('scheduler_rechecks') IS NOT NULL THEN
    EXECUTE $q$
      INSERT INTO video_refreshes (platform, platform_id)
      SELECT DISTINCT c.platform, c.platform_id FROM content_records c
      JOIN scheduler_rechecks s ON s.platform = c.platform AND s.platform_id = c.platform_id
      WHERE c.content_type = 'video' AND c.published_at IS NOT NULL
        AND s.checked_at >= c.published_at + interval '${from} days' AND s.checked_at <= c.published_at + interval '${to} days'
      ON CONFLICT DO NOTHING
    $q$;
  END IF;
END $$;
INSERT INTO video_days (day, videos, refreshed)
SELECT ${utcDay("a")}, count(*), count(v.platform_id) FROM content_records a
LEFT JOIN video_refreshes v ON v.platform = a.platform AND v.platform_id = a.platform_id
WHERE a.content_type = 'video' AND a.published_at IS NOT NULL GROUP BY 1;

CREATE FUNCTION video_days_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO video_refreshes (platform, platform_id)
  SELECT a.platform, a.platform_id FROM added a
  WHERE a.content_type = 'video' AND a.published_at IS NOT NULL AND ${inWindow("a")}
  ON CONFLICT DO NOTHING;
  -- Days in order: concurrent writers lock the counters in one order (no deadlock).
  INSERT INTO video_days (day, videos, refreshed)
  SELECT ${utcDay("a")}, count(*), count(*) FILTER (WHERE ${inWindow("a")}) FROM added a
  WHERE a.content_type = 'video' AND a.published_at IS NOT NULL GROUP BY 1 ORDER BY 1
  ON CONFLICT (day) DO UPDATE SET videos = video_days.videos + EXCLUDED.videos,
    refreshed = video_days.refreshed + EXCLUDED.refreshed;
  RETURN NULL;
END $$;

CREATE FUNCTION video_days_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH unmarked AS (
    DELETE FROM video_refreshes v USING removed r
    WHERE v.platform = r.platform AND v.platform_id = r.platform_id
    RETURNING v.platform, v.platform_id
  )
  UPDATE video_days d SET videos = d.videos - x.videos, refreshed = d.refreshed - x.refreshed
  FROM (
    SELECT ${utcDay("r")} AS day, count(*) AS videos, count(u.platform_id) AS refreshed FROM removed r
    LEFT JOIN unmarked u ON u.platform = r.platform AND u.platform_id = r.platform_id
    WHERE r.content_type = 'video' AND r.published_at IS NOT NULL GROUP BY 1 ORDER BY 1
  ) x
  WHERE d.day = x.day;
  RETURN NULL;
END $$;

CREATE FUNCTION video_days_checked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO video_refreshes (platform, platform_id) VALUES (NEW.platform, NEW.platform_id)
  ON CONFLICT DO NOTHING;
  IF FOUND THEN
    INSERT INTO video_days (day, refreshed) VALUES (${utcDay("NEW")}, 1)
    ON CONFLICT (day) DO UPDATE SET refreshed = video_days.refreshed + 1;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION video_days_moved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  marked integer := CASE WHEN EXISTS (SELECT 1 FROM video_refreshes v
    WHERE v.platform = NEW.platform AND v.platform_id = NEW.platform_id) THEN 1 ELSE 0 END;
BEGIN
  IF OLD.published_at IS NOT NULL THEN
    UPDATE video_days SET videos = videos - 1, refreshed = refreshed - marked WHERE day = ${utcDay("OLD")};
  END IF;
  IF NEW.published_at IS NOT NULL THEN
    INSERT INTO video_days (day, videos, refreshed) VALUES (${utcDay("NEW")}, 1, marked)
    ON CONFLICT (day) DO UPDATE SET videos = video_days.videos + 1, refreshed = video_days.refreshed + EXCLUDED.refreshed;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER content_records_video_days_added AFTER INSERT ON content_records
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION video_days_added();
CREATE TRIGGER content_records_video_days_removed AFTER DELETE ON content_records
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION video_days_removed();
CREATE TRIGGER content_records_video_days_checked AFTER UPDATE OF last_checked_at ON content_records
  FOR EACH ROW WHEN (NEW.content_type = 'video' AND NEW.published_at IS NOT NULL AND ${inWindow("NEW")})
  EXECUTE FUNCTION video_days_checked();
CREATE TRIGGER content_records_video_days_moved AFTER UPDATE OF published_at ON content_records
  FOR EACH ROW WHEN (NEW.content_type = 'video' AND OLD.published_at IS DISTINCT FROM NEW.published_at)
  EXECUTE FUNCTION video_days_moved();
ANALYZE video_days;
`;
