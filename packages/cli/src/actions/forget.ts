import { rm } from "node:fs/promises";
import { DEMO_PSEUDONYM_SALT } from "../config/resolve-config.js";
import { EXIT } from "../exit-codes.js";
import { filterRecordFile } from "../input/filter-record-file.js";
import { identityMatcher } from "../input/identity-matcher.js";
import type { ActionContext } from "../program/build-program.js";
import type { ForgetFlags } from "../program/flags.js";
import { alignRows, formatCount, formatDuration } from "../progress/format.js";
import { resolvePath } from "../resolve-path.js";
import { readConfig, redactConfiguredSecrets } from "../runtime/open-tiktok.js";
import { StderrLines } from "../runtime/stderr-lines.js";
import { UsageError } from "../usage-error.js";
import { parseUsernames } from "./usernames.js";

/**
 * `observatory tiktok forget NAME… --in records.jsonl --out kept.jsonl`: a data subject's erasure
 * (GDPR art. 17) or objection (art. 21). Copies a file this command wrote, leaving out every record
 * that names one of the accounts — their videos and comments (found by their pseudonym under the
 * study's salt, or by handle for public figures) and the follower edges and profiles that name them.
 * No request is sent; the input file is left as it is for you to replace once you have checked.
 */
export async function forgetAction(ctx: ActionContext, flags: ForgetFlags, args: string[]): Promise<number> {
  const handles = parseUsernames(args);
  if (flags.db !== undefined && flags.db !== false) {
    if (flags.in || flags.out)
      throw new UsageError("give --db (a store) or --in/--out (files), not both.", "--db");
    return (await import("./db-forget.js")).dbForgetAction(ctx, flags, handles);
  }
  if (!flags.in || !flags.out) {
    throw new UsageError(
      `${flags.in ? "--out" : "--in"} is missing: forget copies --in to --out without these accounts (or give --db STORE to delete them from a store).`,
      flags.in ? "--out" : "--in",
    );
  }
  const inFile = flags.in;
  const outFile = flags.out;
  const { io } = ctx;
  const started = Date.now();
  const config = readConfig(io, flags);
  const lines = new StderrLines(io.stderr);
  redactConfiguredSecrets(lines, config);

  const inPath = resolvePath(io.cwd, inFile);
  const outPath = resolvePath(io.cwd, outFile);
  if (inPath === outPath) {
    throw new UsageError(
      "--out must differ from --in: the input is kept until you have checked the output.",
      "--out",
    );
  }
  const named = identityMatcher(config.pseudonymSalt, handles);
  const removedBy = handles.map(() => 0);
  const counts = await filterRecordFile(
    inPath,
    outPath,
    (record) => {
      const who = named(record);
      if (who < 0) return true;
      removedBy[who]!++;
      return false;
    },
    { in: "--in", out: "--out", inName: inFile },
  );

  const rows: [string, string][] = [
    ["read", `${formatCount(counts.read)} records from ${inFile}`],
    [
      "removed",
      `${formatCount(counts.removed)}: ${handles.map((h, i) => `@${h} ${formatCount(removedBy[i]!)}`).join(" · ")}`,
    ],
    ["written", `${formatCount(counts.written)} to ${outFile}`],
  ];
  if (config.pseudonymSalt === DEMO_PSEUDONYM_SALT) {
    rows.push([
      "salt",
      "the built-in emulator's (set OBSERVATORY_PSEUDONYM_SALT for records collected from TikTok)",
    ]);
  } else if (counts.removed === 0) {
    rows.push([
      "note",
      "no record named these accounts: check that OBSERVATORY_PSEUDONYM_SALT is the study's salt",
    ]);
  }
  if (counts.removed === 0) {
    // Nothing was forgotten: often a wrong salt (authors are stored as salted pseudonyms) or name. The
    // copy is the input again; it is removed so that it is never taken for an erased file.
    await rm(outPath, { force: true });
    lines.line("── summary ──");
    for (const line of alignRows(rows.filter(([key]) => key !== "written"))) lines.line(line);
    io.stderr.write(
      `error: no record of --in ${flags.in} names ${handles.map((h) => `@${h}`).join(", ")}: nothing was removed and --out ${flags.out} was not written. Check the names and that OBSERVATORY_PSEUDONYM_SALT is the salt the records were collected with.\n`,
    );
    return EXIT.failure;
  }
  rows.push(
    ["next", `check ${outFile}, then replace ${inFile} with it (and erase other copies: backups, databases)`],
    ["not done", "mentions of these accounts inside other people's text are left as they are"],
    ["duration", formatDuration(Date.now() - started)],
  );
  lines.line("── summary ──");
  for (const line of alignRows(rows)) lines.line(line);
  return EXIT.ok;
}
