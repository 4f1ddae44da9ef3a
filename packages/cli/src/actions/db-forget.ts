import { createPseudonymizer } from "@observatory/arena-core";
import { DEMO_PSEUDONYM_SALT } from "../config/resolve-config.js";
import { EXIT } from "../exit-codes.js";
import type { ActionContext } from "../program/build-program.js";
import { alignRows, formatCount, formatDuration } from "../progress/format.js";
import { dbLocation, openDbStore } from "../runtime/open-store.js";
import { readConfig, redactConfiguredSecrets } from "../runtime/open-tiktok.js";
import { StderrLines } from "../runtime/stderr-lines.js";

/**
 * `observatory tiktok forget NAME… --db STORE`: a data subject's erasure in the store: every row that
 * names one of the accounts (their videos and comments, found by pseudonym under the study's salt or
 * by handle; their profile; follower edges on either side; the snapshots of their videos) is deleted
 * in one transaction, and each deletion is logged in `deletions` (what, when, why; no content).
 */
export async function dbForgetAction(
  ctx: ActionContext,
  flags: { db?: string | boolean; reason?: string; stateDir?: string; dotenv?: string },
  handles: readonly string[],
): Promise<number> {
  const started = Date.now();
  const config = readConfig(ctx.io, flags);
  const lines = new StderrLines(ctx.io.stderr);
  redactConfiguredSecrets(lines, config);
  const pseudonymize = createPseudonymizer({ salt: config.pseudonymSalt });
  const identities = handles.flatMap((h) => {
    const handle = h.trim().replace(/^@/, "").toLowerCase();
    return [handle, pseudonymize("tiktok", handle).id];
  });
  const store = await openDbStore(ctx.io, dbLocation(ctx.io, flags.db)!);
  try {
    const counts = await store.forget({
      platform: "tiktok",
      identities,
      reason: flags.reason ?? "data subject request",
    });
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const rows: [string, string][] = [
      ["accounts", handles.map((h) => `@${h}`).join(" · ")],
      [
        "deleted",
        `${formatCount(counts.content_records)} content · ${formatCount(counts.comments)} comments · ${formatCount(
          counts.user_profiles,
        )} profiles · ${formatCount(counts.relations)} relations · ${formatCount(counts.engagement_snapshots)} snapshots`,
      ],
      [
        "logged",
        `${formatCount(total - counts.engagement_snapshots)} rows in deletions (kind, id, when, why; no content)`,
      ],
      ["store", store.location],
    ];
    if (config.pseudonymSalt === DEMO_PSEUDONYM_SALT) {
      rows.push([
        "salt",
        "the built-in emulator's (set OBSERVATORY_PSEUDONYM_SALT for records collected from TikTok)",
      ]);
    } else if (total === 0) {
      rows.push([
        "note",
        "no row named these accounts: check that OBSERVATORY_PSEUDONYM_SALT is the study's salt",
      ]);
    }
    rows.push(
      [
        "not done",
        "mentions of these accounts inside other people's text are left as they are; erase backups yourself",
      ],
      ["duration", formatDuration(Date.now() - started)],
    );
    lines.line("── summary ──");
    for (const line of alignRows(rows)) lines.line(line);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
