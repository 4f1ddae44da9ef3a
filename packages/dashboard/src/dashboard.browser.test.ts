import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { type RedisServer, redisSkipReason, startRedisServer } from "@observatory/arena-redis/testing";
import {
  addDays,
  inProcessStudyExecutor,
  PostgresSchedulerStore,
  queueConnection,
  simulateStudy,
} from "@observatory/scheduler";
import { openStore, type RecordStore } from "@observatory/store-postgres";
import { Queue, Worker } from "bullmq";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bullmqQueueSource } from "./queries/queue-source.js";
import { createDashboardApp } from "./server/create-dashboard-app.js";
import { chromiumSkipReason, launchChromium } from "./testing/chromium.js";

const ARTIFACTS = fileURLToPath(new URL("../test-artifacts/", import.meta.url));
const START = "2026-09-01";
const DAYS = 16;
const GAP_DAY = addDays(START, 4);
const FAILED_JOB = `collect.klima.all.${addDays(START, 6)}.retry-test`;
const SECRET_CREDENTIAL = "client-key-must-not-show-7f3a";
const SECRET_TOKEN = "act.secret-access-token-must-not-show";

const skip = chromiumSkipReason() ?? redisSkipReason() ?? null;
if (skip && process.env.CI === "true") throw new Error(`dashboard browser tests cannot run: ${skip}`);

describe.skipIf(skip !== null)("dashboard in a real browser (chromium), over a simulated study", () => {
  let dir: string;
  let store: RecordStore;
  let redis: RedisServer;
  let queue: Queue;
  let worker: Worker;
  let closeQueue: () => Promise<void>;
  let server: ReturnType<typeof serve>;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  let attempts = 0;
  let endOfStudy = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "dashboard-study-"));
    mkdirSync(ARTIFACTS, { recursive: true });
    const report = await simulateStudy({
      days: DAYS,
      start: START,
      store: async (clock) => {
        store = await openStore(dir, { clock });
        return PostgresSchedulerStore.open(store, { clock });
      },
      executor: inProcessStudyExecutor(),
      onDay: (d) => {
        endOfStudy = d.at;
      },
    });
    expect(report.videos).toBeGreaterThan(0);
    // The test's gap: one day of klima whose window is not collected.
    await store.sql.query("DELETE FROM scheduler_coverage WHERE schedule = 'klima' AND day = $1", [GAP_DAY]);
    // Things a page must never show.
    await store.sql.query(
      "INSERT INTO quota_usage (credential, pool, day, requests_used) VALUES ($1, 'research', $2, 3)",
      [SECRET_CREDENTIAL, addDays(START, DAYS - 1)],
    );
    await store.sql.query(
      "INSERT INTO access_tokens (cache_key, access_token, expires_at, updated_at) VALUES ('k', $1, now(), now())",
      [SECRET_TOKEN],
    );

    // The scheduler's queue on Redis, with one job that fails (its first attempt) and succeeds when retried.
    redis = await startRedisServer();
    const c = queueConnection({ kind: "redis", url: redis.url });
    const w = queueConnection({ kind: "redis", url: redis.url });
    queue = new Queue("observatory-scheduler", c.options as never);
    worker = new Worker(
      "observatory-scheduler",
      async () => {
        attempts++;
        if (attempts === 1) throw new Error("simulated: the API answered 500 six times");
        return { records: 0 };
      },
      w.options as never,
    );
    closeQueue = async () => {
      await worker.close();
      await queue.close();
      await c.close();
      await w.close();
    };
    const failed = new Promise<void>((resolve) => worker.once("failed", () => resolve()));
    await queue.add("collect", { job: { id: FAILED_JOB } }, { jobId: FAILED_JOB, attempts: 1 });
    await failed;

    const app = createDashboardApp({
      sql: store.sql,
      queue: bullmqQueueSource(queue),
      clock: { now: () => endOfStudy },
    });
    server = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    context = browser.context;
    context.on("request", (r) => requests.push(r.url()));
    context.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(`${m.location().url}: ${m.text()}`);
    });
    context.on("weberror", (e) => consoleErrors.push(e.error().message));
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await closeQueue?.();
    await redis?.stop();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function visit(path: string, shot: string): Promise<{ page: Page; html: string }> {
    const page = await context.newPage();
    const response = await page.goto(`${base}${path}`);
    expect(response?.status(), path).toBe(200);
    await page.screenshot({ path: join(ARTIFACTS, `${shot}.png`), fullPage: true });
    return { page, html: await page.content() };
  }

  it("every page loads without console errors, nothing leaves loopback, no secret shows", async () => {
    const pages: [string, string][] = [
      ["/", "studies"],
      ["/coverage", "coverage"],
      ["/quota", "quota"],
      ["/compliance", "compliance"],
      ["/compliance/report", "compliance-report"],
      ["/queue", "queue"],
    ];
    for (const [path, shot] of pages) {
      const { page, html } = await visit(path, shot);
      expect(html).not.toContain(SECRET_CREDENTIAL);
      expect(html).not.toContain(SECRET_TOKEN);
      await page.close();
    }
    expect(consoleErrors).toEqual([]);
    expect(requests.length).toBeGreaterThan(pages.length);
    for (const url of requests) expect(new URL(url).hostname, url).toBe("127.0.0.1");
    // The stylesheet and the icon are the package's own.
    expect(requests).toContain(`${base}/assets/style.css`);
  });

  it("Studies lists every schedule with its records, windows and runs", async () => {
    const { page } = await visit("/", "studies");
    for (const name of ["klima", "dkpol", "energi"]) {
      const row = page.locator(`tr[data-schedule="${name}"]`);
      await expect.poll(() => row.count()).toBe(1);
      const records = Number(((await row.locator("td.n").first().textContent()) ?? "").replaceAll(",", ""));
      expect(records, name).toBeGreaterThan(0);
    }
    await page.close();
  });

  it("the coverage chart shows the days the store holds and marks the gap the test made", async () => {
    const { page } = await visit("/coverage", "coverage");
    const chart = page.locator("svg#chart-klima");
    const yesterday = addDays(new Date(endOfStudy).toISOString().slice(0, 10), -1);
    expect(await chart.getAttribute("data-first")).toBe(addDays(START, -7));
    expect(await chart.getAttribute("data-last")).toBe(yesterday);
    expect(await chart.locator(`g[data-day="${GAP_DAY}"]`).getAttribute("data-state")).toBe("gap");
    expect(await chart.locator(`g[data-day="${addDays(START, 3)}"]`).getAttribute("data-state")).toBe(
      "collected",
    );
    const title = await chart.locator(`g[data-day="${GAP_DAY}"] title`).textContent();
    expect(title).toContain(`${GAP_DAY}: gap`);
    expect(await chart.locator("rect.tail").count()).toBe(1);
    // The chart's days match the store's windows.
    const { rows } = await store.sql.query<{ n: string }>(
      "SELECT count(DISTINCT day) AS n FROM scheduler_coverage WHERE schedule = 'klima'",
    );
    expect(await chart.locator('g[data-state="collected"]').count()).toBe(Number(rows[0]?.n));
    await page.close();
  });

  it("Quota shows today's remaining requests and the reset; Compliance links to its printable report", async () => {
    const today = new Date(endOfStudy).toISOString().slice(0, 10);
    const quota = await visit("/quota", "quota");
    expect(await quota.page.locator("#reset b").textContent()).toBe(`${addDays(today, 1)} 00:00 UTC`);
    const remaining = Number(
      ((await quota.page.locator("#remaining b").textContent()) ?? "").replaceAll(",", ""),
    );
    expect(remaining).toBeGreaterThanOrEqual(0);
    expect(remaining).toBeLessThanOrEqual(1_000);
    expect(
      await quota.page.locator(`#quota-chart g[data-day="${addDays(START, 3)}"]`).getAttribute("data-used"),
    ).not.toBe("0");
    await quota.page.close();
    const compliance = await visit("/compliance", "compliance");
    expect(await compliance.page.locator("#past-limit b").textContent()).toBe("0");
    // The refresh share (from the store's video_days) is the scheduler's own evidence, video by video:
    // held videos old enough (> 15 days), and those with a recheck at 10–15 days of age.
    const share = (await compliance.page.locator("#refreshed .muted").textContent()) ?? "";
    const [, shown, of] = /([\d,]+) of ([\d,]+) videos/.exec(share) ?? [];
    const { rows: truth } = await store.sql.query<{ eligible: number; refreshed: number }>(
      `SELECT count(*)::int AS eligible, (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM scheduler_rechecks s
         WHERE s.platform = c.platform AND s.platform_id = c.platform_id
           AND s.checked_at >= c.published_at + interval '10 days' AND s.checked_at <= c.published_at + interval '15 days')))::int AS refreshed
       FROM content_records c WHERE c.content_type = 'video' AND c.published_at < $1::timestamptz
         AND c.published_at >= ($2::date::timestamp AT TIME ZONE 'UTC')`,
      [new Date(endOfStudy - 15 * 86_400_000).toISOString(), addDays(today, -89)],
    );
    expect(truth[0]?.eligible).toBeGreaterThan(0);
    expect([Number(shown?.replaceAll(",", "")), Number(of?.replaceAll(",", ""))]).toEqual([
      truth[0]?.refreshed,
      truth[0]?.eligible,
    ]);
    await compliance.page.locator("#report-link").click();
    await compliance.page.waitForURL(/\/compliance\/report$/);
    expect(await compliance.page.locator("h1").textContent()).toBe("Compliance report");
    expect(await compliance.page.locator("#report-days tbody tr").count()).toBeGreaterThan(0);
    await compliance.page.close();
  });

  it("a failed job is retried from the page and the queue shows it done", async () => {
    const { page } = await visit("/queue", "queue-failed");
    const row = page.locator(`tr[data-job="${FAILED_JOB}"]`);
    expect(await row.getAttribute("data-state")).toBe("failed");
    expect(await row.textContent()).toContain("simulated: the API answered 500");
    await row.getByRole("button", { name: "Retry" }).click();
    await page.waitForURL(/\/queue\?flash=/);
    expect(await page.locator("#flash").textContent()).toContain("back in the queue");
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator(`tr[data-job="${FAILED_JOB}"]`).getAttribute("data-state");
        },
        { timeout: 15_000 },
      )
      .toBe("completed");
    expect(attempts).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, "queue-retried.png"), fullPage: true });
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it("a POST without the session's CSRF token is refused", async () => {
    const page = await context.newPage();
    await page.goto(`${base}/queue`);
    const noToken = await page.request.post(`${base}/queue/retry`, {
      form: { id: FAILED_JOB },
      headers: { origin: base },
    });
    expect(noToken.status()).toBe(403);
    const wrongToken = await page.request.post(`${base}/queue/retry`, {
      form: { id: FAILED_JOB, _csrf: "not-this-sessions-token" },
      headers: { origin: base },
    });
    expect(wrongToken.status()).toBe(403);
    // Another site's form (its Origin) is refused even before the token is looked at.
    const csrfToken = await page.locator('input[name="_csrf"]').count();
    expect(csrfToken).toBe(0); // the job is done: no retry form left
    const crossSite = await fetch(`${base}/queue/retry`, {
      method: "POST",
      headers: { origin: "http://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "id=x&_csrf=x",
    });
    expect(crossSite.status).toBe(403);
    await page.close();
  });
});
