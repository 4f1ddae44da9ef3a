import { EXIT } from "../exit-codes.js";
import type { ActionContext } from "../program/build-program.js";
import { storeLocation } from "./scheduler-store.js";

export interface DashboardFlags {
  db?: string;
  port?: number;
  host?: string;
  token?: string;
  dailyRequests?: number;
}

/** `observatory dashboard`: serves the dashboard until Ctrl-C (bad flags: exit 2, naming the flag). */
export async function dashboardAction(ctx: ActionContext, flags: DashboardFlags): Promise<number> {
  const { startDashboard, TOKEN_ENV } = await import("@observatory/dashboard");
  const { location } = storeLocation(ctx.io, flags);
  const token = flags.token ?? ctx.io.env[TOKEN_ENV] ?? null;
  const running = await startDashboard({
    db: location,
    cwd: ctx.io.cwd,
    ...(flags.port !== undefined ? { port: flags.port } : {}),
    ...(flags.host ? { host: flags.host } : {}),
    token,
    ...(ctx.io.env.REDIS_URL ? { redisUrl: ctx.io.env.REDIS_URL } : {}),
    ...(flags.dailyRequests ? { dailyRequests: flags.dailyRequests } : {}),
  });
  ctx.io.stdout.write(`dashboard: ${running.url}\n`);
  ctx.io.stderr.write(
    running.tokenRequired
      ? "An access token is required: open the URL once with ?token=… (it is not printed). Ctrl-C stops.\n"
      : "Bound to loopback only. Ctrl-C stops.\n",
  );
  await new Promise<void>((resolve) => {
    const off = ctx.io.onInterrupt(() => {
      off();
      resolve();
    });
    process.once("SIGTERM", () => resolve());
  });
  await running.close();
  ctx.io.stderr.write("dashboard stopped\n");
  return EXIT.ok;
}
