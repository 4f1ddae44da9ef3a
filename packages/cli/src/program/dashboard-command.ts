import type { Command } from "commander";
import type { ActionContext } from "./build-program.js";
import { nonNegativeInt, positiveInt } from "./parsers.js";

type Action<F> = (ctx: ActionContext, flags: F, args: string[]) => Promise<number>;
type Run = <F>(load: () => Promise<Action<F>>) => (...params: unknown[]) => Promise<void>;

/** `observatory dashboard`: the study at a glance in the browser (loads the dashboard package when run). */
export function addDashboardCommand(program: Command, run: Run): void {
  program
    .command("dashboard")
    .option(
      "--db <dir|postgres-url>",
      "the study's database: a directory (embedded) or a postgres:// URL (or DATABASE_URL)",
    )
    .option("--port <n>", "port to listen on (default 8790; 0 picks a free one)", nonNegativeInt)
    .option("--host <address>", "address to bind (default 127.0.0.1); any other needs --token")
    .option("--token <token>", "access token every request must show (or OBSERVATORY_DASHBOARD_TOKEN)")
    .option(
      "--daily-requests <n>",
      "the API's daily research requests, the quota page's limit (default 1000)",
      positiveInt,
    )
    .description(
      "serve the study's dashboard: schedules, coverage, quota, refresh and compliance, the queue (Ctrl-C stops)",
    )
    .action(run(async () => (await import("../actions/dashboard.js")).dashboardAction));
}
