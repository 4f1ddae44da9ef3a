import { type Command, Command as CommanderCommand, Option } from "commander";
import type { CliIo } from "../cli-io.js";
import { addCommerceCommands } from "../commerce/commerce-commands.js";
import { conditionOptions } from "./condition-flags.js";
import { addDashboardCommand } from "./dashboard-command.js";
import { addDbCommands, DB_FLAG, DB_HELP } from "./db-commands.js";
import { EXAMPLES } from "./examples.js";
import type { RelationsFlags } from "./flags.js";
import { machineOptions } from "./machine-options.js";
import {
  collect,
  collectList,
  concurrency,
  nonNegativeInt,
  port,
  positiveInt,
  runId,
  timeouts,
  windowDays,
} from "./parsers.js";
import { addScheduleCommands } from "./schedule-commands.js";
import { canaryTerm, confidence, ingestionLagDays } from "./validity-parsers.js";
import { addVideoListCommands } from "./video-list-commands.js";

/** What an action gets: the process's io and its parsed flags (global ones merged in). */
export interface ActionContext {
  io: CliIo;
  /** The command line as given (without node and the script), for "resume with" hints. */
  argv: readonly string[];
}

export type Action<F> = (ctx: ActionContext, flags: F, args: string[]) => Promise<number>;

/**
 * The command tree. Only commander and this file load for `--help`: each action imports its module
 * (and the arenas, Redis, the emulator) when it runs.
 */
export function buildProgram(
  io: CliIo,
  argv: readonly string[],
  setExitCode: (code: number) => void,
): Command {
  const run =
    <F>(load: () => Promise<Action<F>>) =>
    async (...params: unknown[]) => {
      const command = params[params.length - 1] as Command;
      const action = await load();
      setExitCode(await action({ io, argv }, command.optsWithGlobals<F & object>(), command.args));
    };

  const program = new CommanderCommand("observatory")
    .description("Collect public discourse for the observatory: TikTok videos, comments, users and more.")
    .option(
      "--state-dir <dir>",
      "where checkpoints, the quota ledger and tokens live (default .observatory/, or OBSERVATORY_STATE_DIR; ignored with REDIS_URL)",
    )
    .option("--dotenv <file>", "read configuration from this file (default ./.env when present)")
    .option("-v, --verbose", "log debug details to stderr")
    .option(
      "--timeout <seconds>",
      "wait for the API's response headers (default 300), or connect=S,headers=S,stall=S,notice=S: a connection not made in connect s (default 30) is retried, a body silent for stall s (default 60) is retried, a request silent for notice s (default 60) is reported",
      timeouts,
    )
    .option(
      "--max-response-mb <n>",
      "a response larger than this is refused, not read (default 32; a page is ~0.1 MB)",
      positiveInt,
    )
    .addHelpText("after", EXAMPLES.root)
    .showHelpAfterError("(add --help for usage and examples)")
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
    })
    .exitOverride();

  const tiktok = program
    .command("tiktok")
    .description("TikTok through the Research API (or the built-in emulator when no credentials are set)")
    .addHelpText("after", EXAMPLES.tiktok);

  const outputOptions = (cmd: Command) =>
    cmd
      .option("-o, --out <file>", "write records to this file (default: stdout)")
      .addOption(
        new Option("-f, --format <format>", "jsonl (one record per line) or csv")
          .choices(["jsonl", "csv"])
          .default("jsonl"),
      );

  const runOptions = (cmd: Command) =>
    machineOptions(outputOptions(cmd))
      .option(
        "--run-id <id>",
        "checkpoint key; the same id resumes (default: from the query, and --out unless REDIS_URL; stdout: a new run)",
        runId,
      )
      .option("--no-progress", "no progress bar or progress lines on stderr")
      .option(DB_FLAG, DB_HELP);

  const windowOptions = (cmd: Command) =>
    cmd
      .requiredOption("--since <date>", "first day, UTC, inclusive (YYYY-MM-DD or ISO-8601)")
      .requiredOption("--until <date>", "end, UTC, exclusive (YYYY-MM-DD or ISO-8601)")
      .option(
        "--language <code>",
        "keep only records detected in this language (repeatable, e.g. da)",
        collectList,
      )
      .option("--max <n>", "stop after this many records", positiveInt)
      .option("--random", "one random sample page per window (is_random) instead of every match")
      .option(
        "--window-days <n>",
        "longest query window in days, 1–30 (default 30; with --fixed-windows every window, default 7)",
        windowDays,
      )
      .option(
        "--fixed-windows",
        "every window exactly --window-days long, instead of adaptive windows (wide where sparse, narrow where dense or failing)",
      )
      .option(
        "--language-min-confidence <p>",
        "with --language: also drop records detected in it with a lower confidence (0–1; counted as 'da (uncertain)')",
        confidence,
      )
      .option(
        "--ingestion-lag-days <n>",
        "windows ending after today minus this many days are left for a later run (default 10; TikTok's lag: 2–10 days)",
        ingestionLagDays,
      )
      .option(
        "--canary <term>",
        "a #hashtag or keyword with videos on any day: tells an API outage from a real absence when windows come back empty",
        canaryTerm,
      );
  const concurrencyOption = (cmd: Command) =>
    cmd.option(
      "--concurrency <n>",
      "windows in flight at once, 1–32 (default 1): for a slow API; quota, pacing and checkpoints stay exact",
      concurrency,
    );

  const termOptions = (cmd: Command) =>
    cmd
      .option("--term <term>", "keyword or #hashtag; repeat to OR them", collect)
      .option("--group <terms>", "comma-separated terms that must ALL match; repeatable", collect)
      .option("--exclude <term>", "drop videos matching this keyword or #hashtag; repeatable", collect)
      .option("--region <code>", "creator region, e.g. DK; repeatable", collectList);

  runOptions(concurrencyOption(windowOptions(termOptions(conditionOptions(tiktok.command("collect"))))))
    .description("collect videos matching terms over a date range (resumable, exactly once with --out)")
    .addHelpText("after", EXAMPLES.collect)
    .action(run(async () => (await import("../actions/collect.js")).collectAction));

  runOptions(
    concurrencyOption(
      windowOptions(
        tiktok
          .command("actors")
          .option("--actor <name>", "a username, with or without @; repeatable", collect),
      ),
    ),
  )
    .description("collect the videos of accounts over a date range (resumable, exactly once with --out)")
    .addHelpText("after", EXAMPLES.actors)
    .action(run(async () => (await import("../actions/collect.js")).actorsAction));

  termOptions(windowOptions(conditionOptions(tiktok.command("estimate"), "estimate")))
    .option("--actor <name>", "estimate an actors collection instead; repeatable", collect)
    .option("--json", "print the estimate as JSON")
    .description("estimate the requests, records, quota days and money a collection takes")
    .addHelpText("after", EXAMPLES.estimate)
    .action(run(async () => (await import("../actions/estimate.js")).estimateAction));

  runOptions(tiktok.command("comments"))
    .option("--video <id>", "a video ID; repeatable (or comma-separated)", collectList)
    .option("--in <file>", "collect comments of the videos in this file of records (JSONL or CSV)")
    .option(
      "--max-per-video <n>",
      "at most this many comments per video (the API stops at 1,000)",
      positiveInt,
    )
    .description("collect the comments and replies of videos")
    .addHelpText("after", EXAMPLES.comments)
    .action(run(async () => (await import("../actions/comments.js")).commentsAction));

  runOptions(tiktok.command("user"))
    .argument("<names...>", "usernames, with or without @")
    .description("fetch user profiles (an unknown or private account is a row with its status)")
    .addHelpText("after", EXAMPLES.user)
    .action(run(async () => (await import("../actions/users.js")).usersAction));

  for (const direction of ["followers", "following"] as const) {
    runOptions(tiktok.command(direction))
      .argument("<names...>", "usernames, with or without @")
      .option("--max <n>", "at most this many accounts per user", positiveInt)
      .description(
        direction === "followers"
          ? "list the followers of accounts"
          : "list the accounts that accounts follow",
      )
      .addHelpText("after", EXAMPLES[direction])
      .action(
        run<RelationsFlags>(async () => {
          const { relationsAction } = await import("../actions/relations.js");
          return (ctx, flags, args) => relationsAction(ctx, flags, args, direction);
        }),
      );
  }

  addCommerceCommands(tiktok, run, runOptions);

  machineOptions(tiktok.command("refresh"))
    .option("--in <file>", "records collected earlier (JSONL or CSV written by this command)")
    .option(DB_FLAG, "refresh the records in this store in place (instead of --in)")
    .option("--all", "with --db: every video, not only those due (published 10–15 days ago)")
    .option("--delete-missing", "with --db: delete the videos that no longer come back (logged in deletions)")
    .option("-o, --out <file>", "write refreshed records here (default: stdout)")
    .addOption(new Option("-f, --format <format>", "jsonl or csv").choices(["jsonl", "csv"]).default("jsonl"))
    .option("--no-progress", "no progress on stderr")
    .description("re-collect engagement counts for records collected earlier")
    .addHelpText("after", EXAMPLES.refresh)
    .action(run(async () => (await import("../actions/refresh.js")).refreshAction));

  tiktok
    .command("forget")
    .argument("<names...>", "usernames, with or without @")
    .option("--in <file>", "records written by this command (JSONL or CSV)")
    .option("-o, --out <file>", "a new file: the records of --in that do not name these accounts")
    .option(
      DB_FLAG,
      "delete these accounts' rows from this store (instead of --in/--out), logging each deletion",
    )
    .option("--reason <text>", "with --db: why, for the deletions log", "data subject request")
    .description("leave a person's records out of a file (GDPR erasure or objection)")
    .addHelpText("after", EXAMPLES.forget)
    .action(run(async () => (await import("../actions/forget.js")).forgetAction));

  tiktok
    .command("health")
    .option("--json", "print the report as JSON")
    .option("--probe", "send a probe request even if one of this credential was sent in the last 10 minutes")
    .description("check credentials, the API and the quota left")
    .addHelpText("after", EXAMPLES.health)
    .action(run(async () => (await import("../actions/health.js")).healthAction));

  tiktok
    .command("quota")
    .option("--json", "print the ledger state as JSON")
    .option("--reset", "forget today's local count and pause (after TikTok raised your quota)")
    .description("show (or reset) today's requests in the local quota ledger")
    .addHelpText("after", EXAMPLES.quota)
    .action(run(async () => (await import("../actions/quota.js")).quotaAction));

  tiktok
    .command("emulator")
    .option("--port <port>", "port to listen on (0 picks a free one)", port, 8787)
    .option("--seed <n>", "seed of the synthetic corpus (default 42)", nonNegativeInt)
    .option("--videos <n>", "corpus size (default 30000)", positiveInt)
    .option("--latency-ms <n>", "response time of every request, ms (default 0)", nonNegativeInt)
    .option("--faults <json>", `fault options, e.g. '{"internalErrorRate":0.05}'`)
    .description("run the local TikTok Research API emulator (synthetic data)")
    .addHelpText("after", EXAMPLES.emulator)
    .action(run(async () => (await import("../actions/emulator.js")).emulatorAction));

  addVideoListCommands(tiktok, run, runOptions);
  addDbCommands(program, run);
  addScheduleCommands(program, run);
  addDashboardCommand(program, run);
  return program;
}
