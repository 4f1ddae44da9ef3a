import { DAY_MS, type TermsQuery } from "@observatory/arena-core";
import { termsToVideoQueries } from "@observatory/arena-tiktok";
import type { Emulator } from "@observatory/tiktok-emulator";
import { addDays, dayStart } from "../planner/days.js";
import type { Schedule } from "../schedule/schedule.js";
import type { DeletionEntry, VideoAudit } from "../store/scheduler-store.js";

/** One guarantee of a study and whether it held, with the evidence in figures. */
export interface Guarantee {
  name: string;
  held: boolean;
  detail: string;
}

const ymd = (day: string) => day.replaceAll("-", "");

/** The videos each schedule should hold: matching, visible now, not deleted, published since → yesterday. */
export function expectedVideos(emulator: Emulator, schedules: readonly Schedule[], now: number): Set<string> {
  const yesterday = addDays(new Date(now).toISOString().slice(0, 10), -1);
  const out = new Set<string>();
  for (const s of schedules) {
    const last = s.until && addDays(s.until, -1) < yesterday ? addDays(s.until, -1) : yesterday;
    const q: TermsQuery = {
      ...(s.query.terms ? { terms: s.query.terms } : {}),
      ...(s.query.termGroups ? { termGroups: s.query.termGroups } : {}),
      ...(s.query.exclude ? { exclude: s.query.exclude } : {}),
      ...(s.query.regions ? { regions: s.query.regions } : {}),
      since: new Date(dayStart(s.since)),
      until: new Date(dayStart(addDays(last, 1))),
    };
    for (const part of termsToVideoQueries(q)) {
      // The API (and its ground truth) takes at most 30 days per query.
      for (let from = s.since; from <= last; from = addDays(from, 30)) {
        const to = [addDays(from, 29), last].sort()[0] as string;
        for (const id of emulator.corpus.videoIdsMatching(part.query as never, ymd(from), ymd(to)))
          out.add(id);
      }
    }
  }
  return out;
}

export interface StudyFacts {
  emulator: Emulator;
  schedules: readonly Schedule[];
  /** The last planning time (epoch ms): the end of the study. */
  end: number;
  /** The study's first day. */
  start: number;
  held: readonly VideoAudit[];
  deletions: readonly DeletionEntry[];
  /** Per simulated day: the API's requests, the limit, the oldest last check (epoch ms) seen that day. */
  days: readonly { day: string; requests: number; limit: number; oldestCheckAt: number | null; at: number }[];
}

/** Checks a finished study against the issue's guarantees. */
export function checkGuarantees(f: StudyFacts): Guarantee[] {
  const out: Guarantee[] = [];
  const heldIds = f.held.map((h) => h.platformId);
  const held = new Set(heldIds);
  const expected = expectedVideos(f.emulator, f.schedules, f.end);
  const missing = [...expected].filter((id) => !held.has(id));
  out.push({
    name: "every video published and still available is in the store exactly once",
    held: missing.length === 0 && held.size === heldIds.length,
    detail: `${expected.size} expected, ${missing.length} missing${missing.length ? ` (e.g. ${missing.slice(0, 3).join(", ")})` : ""}; ${heldIds.length} rows, ${held.size} distinct`,
  });

  const living = f.emulator.living?.deletions ?? [];
  const deletedAt = new Map(living.map((d) => [d.id, d.at * 1000]));
  const overdue = living.filter((d) => held.has(d.id) && d.at * 1000 < f.end - 15 * DAY_MS);
  const seenAfterDeletion = f.held.filter((h) => {
    const t = deletedAt.get(h.platformId);
    return t !== undefined && h.lastCheckAt > t;
  });
  const logged = f.deletions.filter((d) => d.contentType === "content" || d.contentType === "video");
  const falseDeletions = logged.filter((d) => {
    const v = f.emulator.corpus.video(d.platformId);
    return !v?.deleted;
  });
  const heldDeleted = f.held.filter((h) => deletedAt.has(h.platformId)).length;
  out.push({
    name: "every deleted video is gone within 15 days and logged; nothing else was deleted",
    held: overdue.length === 0 && falseDeletions.length === 0 && seenAfterDeletion.length === 0,
    detail: `${living.length} deleted or made private in the API; ${logged.length} deletions logged; ${heldDeleted} still held (deleted < 15 days ago); ${overdue.length} overdue; ${falseDeletions.length} logged but available`,
  });

  // Videos first collected before they were 10 days old (published at most 10 days before the study)
  // and 15 days old by its end.
  const due = f.held.filter(
    (h) =>
      h.publishedAt !== null &&
      h.publishedAt >= f.start - 10 * DAY_MS &&
      h.publishedAt <= f.end - 15 * DAY_MS,
  );
  const notOnce = due.filter(
    (h) =>
      h.rechecks.filter(
        (t) => t >= (h.publishedAt as number) + 10 * DAY_MS && t <= (h.publishedAt as number) + 15 * DAY_MS,
      ).length !== 1,
  );
  out.push({
    name: "each video refreshed once at 10–15 days",
    held: notOnce.length === 0,
    detail: `${due.length} videos old enough, ${notOnce.length} not refreshed exactly once at 10–15 days`,
  });

  const worstDay = f.days.reduce(
    (worst, d) => Math.max(worst, d.oldestCheckAt === null ? 0 : d.at - d.oldestCheckAt),
    0,
  );
  const worstEnd = f.held.reduce((w, h) => Math.max(w, f.end - h.lastCheckAt), 0);
  out.push({
    name: "no record ever older than 15 days since its last check",
    held: Math.max(worstDay, worstEnd) <= 15 * DAY_MS,
    detail: `oldest last check seen: ${(Math.max(worstDay, worstEnd) / DAY_MS).toFixed(2)} days`,
  });

  const over = f.days.filter((d) => d.requests > d.limit);
  const busiest = f.days.reduce((m, d) => Math.max(m, d.requests), 0);
  out.push({
    name: "the API quota never exceeded on any day",
    held: over.length === 0,
    detail: `busiest day ${busiest} of ${f.days[0]?.limit ?? 0} requests; ${over.length} day(s) over`,
  });
  return out;
}

/** Epoch ms of a day's planning time in a simulation (00:30 UTC). */
export function planningTime(day: string): number {
  return dayStart(day) + 30 * 60_000;
}
