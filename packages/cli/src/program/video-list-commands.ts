import type { Command } from "commander";
import type { Action } from "./build-program.js";
import type { RelationsFlags } from "./flags.js";
import { collectList, positiveInt } from "./parsers.js";

const EXAMPLES = {
  userVideos: (list: string) => `
Examples:
  $ observatory tiktok ${list} drnyheder @tv2nyhederne --out ${list}.jsonl
  $ observatory tiktok ${list} drnyheder --max 200 --format csv --out ${list}.csv --json

A private or unknown account is an outcome in the summary, not a failure. Resume: the same command again.`,
  playlist: `
Examples:
  $ observatory tiktok playlist 7412345678901234567 --out playlist.jsonl
  $ jq -r .video_id playlist.jsonl > ids.txt && observatory tiktok videos --ids-file ids.txt --out videos.jsonl`,
  videos: `
Examples:
  $ observatory tiktok videos --id 7412345678901234567 --id 7412345678901234568 --out videos.jsonl
  $ observatory tiktok videos --ids-file ids.txt --out videos.jsonl --json
  $ observatory tiktok videos --ids-file ids.txt --dry-run

IDs are kept as exact strings (never numbers). Each request asks for up to 100 IDs (video_id IN) with
dates covering their create times (TikTok IDs encode them). IDs that do not come back are listed as
not_found in the summary (and in --json's targets).`,
};

type Run = <F>(load: () => Promise<Action<F>>) => (...params: unknown[]) => Promise<void>;

/** liked, pinned, reposted, playlist and videos (lookup by ID), with the collecting commands' options. */
export function addVideoListCommands(tiktok: Command, run: Run, runOptions: (cmd: Command) => Command): void {
  const lists = {
    liked: "list the videos accounts liked (private by default: most accounts answer 'private')",
    pinned: "list the videos accounts pinned to their profiles",
    reposted: "list the videos accounts reposted (visible for some accounts only)",
  } as const;
  for (const list of ["liked", "pinned", "reposted"] as const) {
    runOptions(tiktok.command(list))
      .argument("<names...>", "usernames, with or without @")
      .option("--max <n>", "at most this many videos per account", positiveInt)
      .description(lists[list])
      .addHelpText("after", EXAMPLES.userVideos(list))
      .action(
        run<RelationsFlags>(async () => {
          const { userVideosAction } = await import("../actions/user-videos.js");
          return (ctx, flags, args) => userVideosAction(ctx, flags, args, list);
        }),
      );
  }

  runOptions(tiktok.command("playlist"))
    .argument("<ids...>", "playlist IDs (digits)")
    .option("--max <n>", "at most this many videos per playlist", positiveInt)
    .description("list the videos of playlists, in order (video IDs)")
    .addHelpText("after", EXAMPLES.playlist)
    .action(run(async () => (await import("../actions/playlist.js")).playlistAction));

  runOptions(tiktok.command("videos"))
    .option("--id <id>", "a video ID; repeatable or comma-separated", collectList)
    .option(
      "--ids-file <file>",
      "a text file of video IDs, one per line (# comments and blank lines skipped)",
    )
    .description("look videos up by ID (100 per request); the summary names the IDs that did not come back")
    .addHelpText("after", EXAMPLES.videos)
    .action(run(async () => (await import("../actions/videos.js")).videosAction));
}
