import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { ConfigError } from "@observatory/arena-core";
import { PostgresSchedulerStore, QUEUE_NAME, queueConnection, queueLocation } from "@observatory/scheduler";
import { openStore, redactUrl } from "@observatory/store-postgres";
import { Queue } from "bullmq";
import { z } from "zod";
import { bullmqQueueSource, type QueueSource } from "../queries/queue-source.js";
import { createDashboardApp, type DashboardDeps } from "./create-dashboard-app.js";

/** The environment variable an access token may come from instead of `--token`. */
export const TOKEN_ENV = "OBSERVATORY_DASHBOARD_TOKEN";

const optionsSchema = z
  .object({
    db: z.string().min(1, "--db: the study's database, a directory or a postgres:// URL (or DATABASE_URL)"),
    port: z.number().int().min(0, "--port: 0…65535").max(65_535, "--port: 0…65535").default(8790),
    host: z.string().min(1, "--host: an address to bind, e.g. 127.0.0.1").default("127.0.0.1"),
    token: z
      .string()
      .min(16, `--token (or ${TOKEN_ENV}): at least 16 characters, e.g. \`openssl rand -hex 16\``)
      .nullable()
      .default(null),
    redisUrl: z.string().optional(),
    dailyRequests: z.number().int().positive("--daily-requests: a positive number").default(1_000),
    cwd: z.string().optional(),
  })
  .strict();
export type StartDashboardOptions = z.input<typeof optionsSchema> & Pick<DashboardDeps, "clock">;

/** Loopback addresses: 127.0.0.0/8, ::1 and localhost. Anything else is reachable from elsewhere. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

export interface RunningDashboard {
  url: string;
  host: string;
  port: number;
  /** Whether requests must show the access token. */
  tokenRequired: boolean;
  close(): Promise<void>;
}

/** Validates the options: a bad one, or a non-loopback host without a token, is a ConfigError naming it. */
export function parseDashboardOptions(input: unknown) {
  const r = optionsSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue?.path.join(".") ?? "";
    throw new ConfigError(
      issue?.message.startsWith("--") ? issue.message : `--${field}: ${issue?.message ?? "invalid"}`,
      { field: `--${field}` },
    );
  }
  if (!isLoopback(r.data.host) && !r.data.token) {
    throw new ConfigError(
      `--host ${r.data.host} makes the dashboard reachable from other machines: give an access token (--token or ${TOKEN_ENV}), or leave --host at 127.0.0.1`,
      { field: "--host" },
    );
  }
  return r.data;
}

/**
 * Opens the study's store, its queue when there is one (a postgres:// store, or REDIS_URL), and
 * serves the dashboard. Binds 127.0.0.1 unless told otherwise; any other host requires a token.
 */
export async function startDashboard(options: StartDashboardOptions): Promise<RunningDashboard> {
  const { clock, ...rest } = options;
  const o = parseDashboardOptions(rest);
  const store = await openStore(o.db, { ...(o.cwd ? { cwd: o.cwd } : {}), ...(clock ? { clock } : {}) });
  let closeQueue: () => Promise<void> = async () => {};
  try {
    await PostgresSchedulerStore.open(store, clock ? { clock } : {});
    let queue: QueueSource | undefined;
    const hasQueue = Boolean(o.redisUrl) || /^postgres(ql)?:\/\//.test(o.db);
    if (hasQueue) {
      const c = queueConnection(queueLocation({ databaseUrl: o.db, redisUrl: o.redisUrl }));
      const AnyQueue = Queue as unknown as new (name: string, opts: unknown, backend?: unknown) => Queue;
      const q = new AnyQueue(QUEUE_NAME, c.options, c.backend);
      queue = bullmqQueueSource(q);
      closeQueue = async () => {
        await q.close();
        await c.close();
      };
    }
    const app = createDashboardApp({
      sql: store.sql,
      ...(queue ? { queue } : {}),
      ...(clock ? { clock } : {}),
      dailyRequests: o.dailyRequests,
      token: o.token,
    });
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: o.port, hostname: o.host }, () => resolve(s));
      s.once("error", (error: NodeJS.ErrnoException) =>
        reject(
          new ConfigError(
            error.code === "EADDRINUSE"
              ? `--port ${o.port} is in use: choose another (0 picks a free one)`
              : `--host ${o.host}: cannot listen (${error.code ?? error.message})`,
            { field: error.code === "EADDRINUSE" ? "--port" : "--host" },
          ),
        ),
      );
    });
    const address = server.address() as AddressInfo;
    const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
    return {
      url: `http://${urlHost}:${address.port}/`,
      host: address.address,
      port: address.port,
      tokenRequired: Boolean(o.token),
      async close() {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await closeQueue();
        await store.close();
      },
    };
  } catch (error) {
    await closeQueue();
    await store.close();
    if (error instanceof Error) error.message = error.message.replace(o.db, redactUrl(o.db));
    throw error;
  }
}
