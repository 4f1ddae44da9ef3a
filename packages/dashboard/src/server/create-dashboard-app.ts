import { randomBytes } from "node:crypto";
import { type Clock, systemClock } from "@observatory/arena-core";
import { DEFAULT_RECHECK_RULES, type RecheckRules } from "@observatory/scheduler";
import type { SqlQueryable } from "@observatory/store-postgres";
import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { html } from "hono/html";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { z } from "zod";
import { complianceQuery } from "../queries/compliance-query.js";
import { coverageQuery } from "../queries/coverage-query.js";
import { type QueueSource, runsQueueSource } from "../queries/queue-source.js";
import { quotaQuery } from "../queries/quota-query.js";
import { studiesQuery } from "../queries/studies-query.js";
import { addDays, utcDay } from "../study-days.js";
import { FAVICON_SVG, STYLE_CSS } from "../views/assets.js";
import { complianceBody, complianceReportBody } from "../views/compliance-page.js";
import { coverageBody } from "../views/coverage-page.js";
import { type Html, layout } from "../views/layout.js";
import { queueBody } from "../views/queue-page.js";
import { quotaBody } from "../views/quota-page.js";
import { studiesBody } from "../views/studies-page.js";
import { accessTokenMiddleware, csrfToken, csrfTokenMiddleware, sessionMiddleware } from "./session-guard.js";

/** What the dashboard reads: the store's SQL connection, the queue (optional) and the clock. */
export interface DashboardDeps {
  /** The store's connection (`RecordStore.sql`): every page aggregates in SQL through it. */
  sql: SqlQueryable;
  /** The scheduler's queue (`bullmqQueueSource(queue)`); default: the scheduler's runs, read-only. */
  queue?: QueueSource;
  clock?: Clock;
  /** The API's daily research requests (default 1,000). */
  dailyRequests?: number;
  rules?: RecheckRules;
  /** When set, every request must show it (a non-loopback bind requires one). */
  token?: string | null;
  /** Signs session CSRF tokens and the access cookie (default: random per process). */
  secret?: Uint8Array;
  /** Set the Secure flag on cookies (behind HTTPS). */
  secureCookies?: boolean;
}

const daysParam = (fallback: number) =>
  z.coerce.number().int().min(1).max(3660).catch(fallback).default(fallback);

/** The dashboard as a Hono app (serve it with `startDashboard`, or call `app.request()` in tests). */
export function createDashboardApp(deps: DashboardDeps): Hono {
  const clock = deps.clock ?? systemClock;
  const rules = deps.rules ?? DEFAULT_RECHECK_RULES;
  const limit = deps.dailyRequests ?? 1_000;
  const secret = deps.secret ?? randomBytes(32);
  const secure = deps.secureCookies ?? false;
  const queue = deps.queue ?? runsQueueSource(deps.sql);
  const app = new Hono();

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: "no-referrer",
    }),
  );
  if (deps.token) app.use(accessTokenMiddleware(deps.token, secret, secure));
  app.use(sessionMiddleware(secure));
  app.use(csrf());
  app.use(csrfTokenMiddleware(secret));

  const page = (path: string, title: string, body: Html, print = false) =>
    layout({ title, path, now: clock.now(), body, print });

  app.get("/assets/style.css", (c) =>
    c.body(STYLE_CSS, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "max-age=300" }),
  );
  app.get("/assets/favicon.svg", (c) => c.body(FAVICON_SVG, 200, { "content-type": "image/svg+xml" }));
  app.get("/favicon.ico", (c) => c.redirect("/assets/favicon.svg", 301));

  app.get("/", async (c) =>
    c.html(page("/", "Studies", studiesBody(await studiesQuery(deps.sql), clock.now()))),
  );

  app.get("/coverage", async (c) => {
    const [studies, coverage] = await Promise.all([studiesQuery(deps.sql), coverageQuery(deps.sql)]);
    return c.html(page("/coverage", "Coverage", coverageBody(studies, coverage, clock.now())));
  });

  app.get("/quota", async (c) => {
    const now = clock.now();
    const from = addDays(utcDay(now), -(daysParam(30).parse(c.req.query("days")) - 1));
    const days = await quotaQuery(deps.sql, from);
    return c.html(page("/quota", "Quota", quotaBody({ days, from, now, dailyLimit: limit })));
  });

  app.get("/compliance", async (c) => {
    const now = clock.now();
    const from = addDays(utcDay(now), -(daysParam(90).parse(c.req.query("days")) - 1));
    const facts = await complianceQuery(deps.sql, now, rules, from);
    return c.html(
      page("/compliance", "Engagement & compliance", complianceBody(facts, now, rules.complianceLimitDays)),
    );
  });

  app.get("/compliance/report", async (c) => {
    const now = clock.now();
    const from = addDays(utcDay(now), -(daysParam(90).parse(c.req.query("days")) - 1));
    const facts = await complianceQuery(deps.sql, now, rules, from);
    return c.html(
      page(
        "/compliance/report",
        "Compliance report",
        complianceReportBody(facts, now, rules.complianceLimitDays, from),
        true,
      ),
    );
  });

  app.get("/queue", async (c) => {
    const flash =
      z
        .string()
        .max(300)
        .catch("")
        .parse(c.req.query("flash") ?? "") || null;
    const view = await queue.view(200);
    return c.html(page("/queue", "Queue", queueBody(view, csrfToken(c, secret), flash)));
  });

  app.post("/queue/retry", async (c) => {
    const body = await c.req.parseBody();
    const id = z.string().min(1).max(500).safeParse(body.id);
    if (!id.success) return c.text("Refused: the form needs the job's id (field `id`).", 400);
    const result = await queue.retry(id.data);
    const message = {
      retried: `Job ${id.data} is back in the queue.`,
      "not-found": `No job ${id.data} in the queue.`,
      "not-failed": `Job ${id.data} has not failed: nothing to retry.`,
    }[result];
    return c.redirect(`/queue?flash=${encodeURIComponent(message)}`, 303);
  });

  app.notFound((c) => c.html(page(c.req.path, "Not found", layoutNotFound()), 404));
  app.onError((error, c) => {
    // The csrf middleware's refusal (another site's Origin) keeps its 403.
    if (error instanceof HTTPException) return error.getResponse();
    const message = error instanceof Error ? error.message : String(error);
    return c.text(
      `The dashboard could not read the store: ${message.replace(/\/\/[^@\s]*@/g, "//***@")}`,
      500,
    );
  });
  return app;
}

const layoutNotFound = (): Html => html`<p>No such page. <a href="/">Studies</a></p>`;
