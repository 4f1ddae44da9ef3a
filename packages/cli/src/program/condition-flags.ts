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

/** Adds the condition flags to `collect`. */
export function conditionOptions(cmd: Command): Command {
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
    .option(
      "--query-file <file>",
      "the Research API's own query object ({and, or, not} of {field_name, operation, field_values}) from a JSON file, instead of --term/--group",
    );
}
