import type { Command } from "commander";
import { collectList } from "./parsers.js";

/** `collect`'s query conditions beyond terms (the Research API's other field names). */
export interface ConditionFlags {
  musicId?: string[];
  effectId?: string[];
  videoLength?: string[];
  username?: string[];
  notUsername?: string[];
  allHashtags?: string[];
  queryFile?: string;
}

/** The flag of each condition, for messages. */
export const CONDITION_FLAGS: Record<keyof ConditionFlags, string> = {
  musicId: "--music-id",
  effectId: "--effect-id",
  videoLength: "--video-length",
  username: "--username",
  notUsername: "--not-username",
  allHashtags: "--all-hashtags",
  queryFile: "--query-file",
};

/** Adds the condition flags to `collect` (and `estimate`: `command` names it in the examples). */
export function conditionOptions(cmd: Command, command: "collect" | "estimate" = "collect"): Command {
  const out = (name: string) => (command === "collect" ? ` --out ${name}.jsonl` : "");
  return cmd
    .option(
      "--music-id <id>",
      "videos using this sound (music ID); repeatable or comma-separated (any of)",
      collectList,
    )
    .option(
      "--effect-id <id>",
      "videos using this effect ID; repeatable or comma-separated (any of)",
      collectList,
    )
    .option(
      "--video-length <length>",
      "SHORT (<15 s), MID (15–60 s), LONG (1–5 min) or EXTRA_LONG (>5 min); repeatable or comma-separated (any of)",
      collectList,
    )
    .option("--username <name>", "only videos by these accounts; repeatable or comma-separated", collectList)
    .option(
      "--not-username <name>",
      "leave out videos by these accounts; repeatable or comma-separated",
      collectList,
    )
    .option(
      "--all-hashtags <tags>",
      "hashtags that must ALL be on a video, comma-separated (e.g. dkpol,klima)",
      collectList,
    )
    .addHelpText(
      "after",
      `
Conditions (AND-ed with the terms; values of one flag are any-of):
  $ observatory tiktok ${command} --term klima --video-length SHORT,MID --not-username spamacct --since 2026-09-01 --until 2026-10-01${out("k")}
  $ observatory tiktok ${command} --music-id 7234567890123456789 --region DK --since 2026-09-01 --until 2026-10-01${out("sound")}
  $ observatory tiktok ${command} --all-hashtags dkpol,klima --since 2026-09-01 --until 2026-10-01${out("both")}
  $ observatory tiktok ${command} --query-file q.json --since 2026-09-01 --until 2026-10-01${command === "collect" ? " --dry-run" : " --json"}`,
    )
    .option(
      "--query-file <file>",
      "the Research API's own query object ({and, or, not} of {field_name, operation, field_values}) from a JSON file, instead of --term/--group",
    );
}
