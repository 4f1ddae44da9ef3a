import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  addDays,
  checkGuarantees,
  DEFAULT_STUDY_SCHEDULES,
  dayStart,
  PostgresSchedulerStore,
  parseSchedule,
  planningTime,
  SimClock,
  startWorld,
} from "@observatory/scheduler";
import { openStore } from "@observatory/store-postgres";
import { DEMO_CLIENT } from "@observatory/tiktok-emulator";
import { afterAll, describe, expect, it } from "vitest";
import { runWorker } from "../actions/scheduler-worker.js";
import type { CliIo } from "../cli-io.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** `observatory worker`'s own entry on an embedded store, the living corpus and a simulated clock. */
describe("observatory worker, embedded (PGlite) store: a 10-day study", () => {
  it("keeps every guarantee `simulate` checks", async () => {
    const days = 10;
    const start = "2026-09-01";
    const dailyRequests = 1_000;
    const clock = new SimClock(planningTime(start));
    const emulator = await startWorld({ clock, dailyRequests });
    const dir = mkdtempSync(join(tmpdir(), "worker-study-"));
    dirs.push(dir);
    const store = await PostgresSchedulerStore.open(await openStore(dir, { clock }), { clock });
    const stderr: string[] = [];
    const io: CliIo = {
      stdout: { write: () => true },
      stderr: {
        write: (chunk) => {
          stderr.push(String(chunk));
          return true;
        },
      },
      env: {
        TIKTOK_CLIENT_KEY: DEMO_CLIENT.clientKey,
        TIKTOK_CLIENT_SECRET: DEMO_CLIENT.clientSecret,
        TIKTOK_API_BASE_URL: emulator.url,
        TIKTOK_DAILY_REQUESTS: String(dailyRequests),
        OBSERVATORY_PSEUDONYM_SALT: "worker-study-salt-0123456789abcdef",
      },
      cwd: dir,
      onInterrupt: () => () => undefined,
      exitNow: (code) => {
        throw new Error(`exitNow(${code})`);
      },
    };
    try {
      for (const input of DEFAULT_STUDY_SCHEDULES(start)) {
        await store.addSchedule({
          ...parseSchedule(input),
          paused: false,
          createdAt: new Date(clock.now()).toISOString(),
        });
      }
      const end = planningTime(addDays(start, days - 1));
      const perDay: {
        day: string;
        requests: number;
        limit: number;
        oldestCheckAt: number | null;
        at: number;
      }[] = [];
      const stop = new AbortController();
      /** The end of a simulated day: the API's requests that day and the store's oldest last check. */
      const closeDay = async () => {
        const day = new Date(clock.now()).toISOString().slice(0, 10);
        const summary = (await store.complianceSummary(clock.now(), 1)).find((p) => p.platform === "tiktok");
        perDay.push({
          day,
          requests: emulator.stats().quota[DEMO_CLIENT.clientKey]?.research.requests ?? 0,
          limit: dailyRequests,
          oldestCheckAt: summary?.oldestCheckAt ?? null,
          at: planningTime(day),
        });
      };
      // The worker waits between plannings; the simulated clock jumps instead, a day at a time.
      const wait = async (ms: number) => {
        if (clock.now() >= end) {
          await closeDay();
          stop.abort();
          return;
        }
        const target = clock.now() + ms;
        const nextDay = dayStart(addDays(new Date(clock.now()).toISOString().slice(0, 10), 1));
        if (target >= nextDay) {
          clock.set(nextDay - 1);
          await closeDay();
        }
        clock.set(Math.min(target, end));
      };
      const code = await runWorker(
        { io, argv: ["worker", "--db", dir] },
        { db: dir, tickMinutes: 720 },
        { clock, sleep: clock.sleep, wait, signal: stop.signal, store },
      );
      const output = stderr.join("");
      expect(code, output).toBe(0);
      expect(output).toContain("embedded store: running the in-process executor");
      expect(output).not.toContain("failed ");
      expect(output).not.toContain(DEMO_CLIENT.clientSecret);
      expect(perDay.map((d) => d.day)).toEqual(Array.from({ length: days }, (_, i) => addDays(start, i)));
      const guarantees = checkGuarantees({
        emulator,
        schedules: await store.listSchedules(),
        end,
        start: dayStart(start),
        held: await store.auditVideos("tiktok"),
        deletions: await store.deletions(),
        days: perDay,
      });
      expect(guarantees.filter((g) => !g.held)).toEqual([]);
      // The study did something: videos held, refreshes and compliance checks spent quota.
      expect((await store.auditVideos("tiktok")).length).toBeGreaterThan(100);
      const spent = await store.spend(addDays(start, days - 1));
      expect([...spent.keys()]).toContain("collect");
    } finally {
      await store.close();
      await emulator.close();
    }
  }, 300_000);
});
