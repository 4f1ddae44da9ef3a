import { type Command, Option } from "commander";
import type { ActionContext } from "./build-program.js";
import { collect, collectList, positiveInt } from "./parsers.js";

type Action<F> = (ctx: ActionContext, flags: F, args: string[]) => Promise<number>;
type Run = <F>(load: () => Promise<Action<F>>) => (...params: unknown[]) => Promise<void>;

const dbOption = (cmd: Command) =>
  cmd.option(
    "--db <dir|postgres-url>",
    "the study's database: a directory (embedded) or a postgres:// URL (or DATABASE_URL)",
  );

const share = (value: string): number => {
  const n = Number(value);
  if (!(n >= 0 && n < 1)) throw new Error("use a share between 0 and 1, e.g. 0.2");
  return n;
};

/** The study commands: schedule …, worker, status, compliance report, simulate. */
export function addScheduleCommands(program: Command, run: Run): void {
  const schedule = program
    .command("schedule")
    .description("standing collections, run every day by `observatory worker`");

  dbOption(schedule.command("add"))
    .argument("<name>", "the schedule's name (letters, digits, . _ -)")
    .option("--term <term>", "keyword or #hashtag; repeat to OR them", collect)
    .option("--group <terms>", "comma-separated terms that must ALL match; repeatable", collect)
    .option("--exclude <term>", "drop videos matching this keyword or #hashtag; repeatable", collect)
    .option("--actor <name>", "collect an account's videos instead; repeatable", collect)
    .option("--region <code>", "creator region, e.g. DK; repeatable", collectList)
    .option("--language <code>", "keep only records detected in this language; repeatable", collectList)
    .requiredOption("--since <date>", "first day (UTC): the schedule backfills from here")
    .option("--until <date>", "end (UTC, exclusive); default: open-ended")
    .option(
      "--live-tail-days <n>",
      "days before yesterday re-queried every day for late videos (default 10)",
      Number,
    )
    .option("--priority <n>", "1 (first) … 10 (last) among collections (default 5)", positiveInt)
    .option("--daily-budget <n>", "requests this schedule may spend a day", positiveInt)
    .description("add a standing collection (backfills from --since, then every day after 00:00 UTC)")
    .action(run(async () => (await import("../actions/schedule.js")).scheduleAddAction));

  dbOption(schedule.command("list"))
    .option("--json", "as JSON")
    .description("list the schedules")
    .action(run(async () => (await import("../actions/schedule.js")).scheduleManageAction("list")));
  for (const verb of ["show", "pause", "resume", "remove"] as const) {
    const cmd = dbOption(schedule.command(verb)).argument("<name>", "the schedule's name");
    if (verb === "show") cmd.option("--json", "as JSON");
    cmd
      .description(
        {
          show: "a schedule's query and coverage",
          pause: "stop planning a schedule's collections (refresh and compliance go on)",
          resume: "plan a paused schedule again (it catches up)",
          remove: "remove a schedule (its records stay)",
        }[verb],
      )
      .action(run(async () => (await import("../actions/schedule.js")).scheduleManageAction(verb)));
  }

  dbOption(program.command("worker"))
    .option("--concurrency <n>", "jobs at once in this process (default 1)", positiveInt)
    .addOption(
      new Option("--reserved-share <share>", "share of the daily quota kept for refresh and compliance")
        .argParser(share)
        .default(0.2),
    )
    .option("--tick-minutes <n>", "minutes between two plannings (default 10)", positiveInt)
    .description(
      "run the study: schedules, the engagement refresh and the 15-day compliance checks (SIGTERM stops after a checkpoint)",
    )
    .action(run(async () => (await import("../actions/scheduler-worker.js")).workerAction));

  dbOption(program.command("status"))
    .option("--json", "as JSON")
    .description("schedules, coverage, today's quota by use, the queue and compliance debt")
    .action(run(async () => (await import("../actions/scheduler-status.js")).statusAction));

  const compliance = program
    .command("compliance")
    .description("TikTok terms 3.d: every record refreshed at least every 15 days");
  dbOption(compliance.command("report"))
    .option("--json", "as JSON")
    .option("--days <n>", "days of checks and deletions to list (default 30)", positiveInt)
    .description(
      "oldest unchecked record's age, checks and deletions per day; exit 1 when any record is past 15 days",
    )
    .action(run(async () => (await import("../actions/compliance-report.js")).complianceReportAction));

  dbOption(program.command("simulate"))
    .option("--days <n>", "simulated days (default 60)", positiveInt)
    .option("--workers <n>", "worker processes with a postgres:// --db (default 3)", positiveInt)
    .option("--kill <n>", "SIGKILL this many workers at random moments (postgres:// --db)", Number)
    .option("--daily-requests <n>", "the emulated API's daily quota (default 1000)", positiveInt)
    .option("--json", "the report as JSON")
    .description(
      "rehearse a whole study on the emulator's living corpus with a simulated clock; exit 0 when every guarantee held",
    )
    .action(run(async () => (await import("../actions/simulate.js")).simulateAction));
}
