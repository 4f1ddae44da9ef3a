/**
 * Secrets: runs last and reads everything the suite produced — collector logs, errors as a user sees
 * them, checkpoints and quota ledgers, CLI state directories, output files and sidecars, everything the
 * command printed — for the suite's client secret, its pseudonymisation salt and any access token
 * (`clt.…`, as the emulator and the fake APIs issue them). Zero hits.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { artifactsDir } from "./support/artifacts.js";
import { recordSection } from "./support/results.js";
import { ACCESS_TOKEN, SUITE_CLIENT, SUITE_SALT } from "./support/suite-client.js";

interface Hit {
  file: string;
  what: string;
  excerpt: string;
}

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/** Every file under `root`, read as UTF-8 (and Latin-1, so that no byte sequence hides a match). */
function scan(root: string): { files: number; bytes: number; hits: Hit[]; kinds: Set<string> } {
  const hits: Hit[] = [];
  const kinds = new Set<string>();
  let count = 0;
  let bytes = 0;
  for (const file of files(root)) {
    const raw = readFileSync(file);
    count++;
    bytes += raw.length;
    kinds.add(kindOf(file));
    for (const text of [raw.toString("utf8"), raw.toString("latin1")]) {
      for (const [what, needle] of [
        ["client secret", SUITE_CLIENT.clientSecret],
        ["pseudonymisation salt", SUITE_SALT],
      ] as const) {
        const at = text.indexOf(needle);
        if (at >= 0) hits.push({ file, what, excerpt: text.slice(Math.max(0, at - 40), at + 60) });
      }
      for (const match of text.matchAll(ACCESS_TOKEN)) {
        hits.push({
          file,
          what: "access token",
          excerpt: text.slice(Math.max(0, match.index - 40), match.index + 70),
        });
      }
    }
  }
  return { files: count, bytes, hits, kinds };
}

function kindOf(file: string): string {
  if (file.includes("/checkpoints/")) return "checkpoints";
  if (/quota/.test(file)) return "quota ledgers";
  if (/\.resume\.json$|\.lock$/.test(file)) return "output sidecars";
  if (/\.(jsonl|csv)$/.test(file)) return "output files";
  if (/\/texts\/.*-cli-/.test(file)) return "command output";
  if (/\/texts\/.*-log-/.test(file) || /-log\.txt$/.test(file)) return "logs";
  if (/\/texts\/.*-error-/.test(file) || /errors/.test(file)) return "errors";
  if (/\/texts\/.*-records-/.test(file)) return "records";
  if (/\.env$/.test(file)) return ".env files";
  return "other";
}

describe("secrets", () => {
  it("the scan finds a planted secret and token (it can see them)", () => {
    const dir = mkdtempSync(join(tmpdir(), "observatory-secret-probe-"));
    try {
      writeFileSync(
        join(dir, "leak.log"),
        `token=clt.${"A1b2".repeat(14)} secret=${SUITE_CLIENT.clientSecret}`,
      );
      writeFileSync(join(dir, "clean.log"), "nothing to see: clt. and a secret-like rs-secret-");
      const found = scan(dir).hits.map((h) => `${h.file.split("/").pop()} ${h.what}`);
      expect(new Set(found)).toEqual(new Set(["leak.log access token", "leak.log client secret"]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("no secret, salt or access token in anything the suite produced", () => {
    const root = artifactsDir();
    const result = scan(root);
    const byKind = new Map<string, number>();
    for (const file of files(root)) byKind.set(kindOf(file), (byKind.get(kindOf(file)) ?? 0) + 1);
    recordSection({
      section: "secrets",
      summary: `${result.files} files (${(result.bytes / 2 ** 20).toFixed(1)} MB) scanned: ${result.hits.length} hits`,
      rows: [
        ...[...byKind.entries()].sort().map(([kind, n]) => ({ scanned: kind, files: n })),
        { scanned: "hits (client secret, salt, clt. tokens)", files: result.hits.length },
      ],
    });
    // The scan had material: every other part of the suite left its traces (when run as a whole, as CI
    // does: there an empty artefacts directory is a failure, not a clean scan).
    const whole = process.env.CI === "true" || readdirSync(join(root, "results")).length >= 5;
    if (whole) {
      for (const kind of [
        "checkpoints",
        "quota ledgers",
        "output files",
        "output sidecars",
        "command output",
        "logs",
        "errors",
        "records",
      ]) {
        expect(byKind.get(kind) ?? 0, kind).toBeGreaterThan(0);
      }
    }
    expect(result.hits.slice(0, 5)).toEqual([]);
  });
});
