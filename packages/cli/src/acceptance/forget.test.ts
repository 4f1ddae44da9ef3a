// `observatory tiktok forget`: a person's records left out of a file, everything else byte for byte.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pseudonymize } from "@observatory/arena-core";
import { stringify } from "csv-stringify/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cleanEnv, runCliProcess, tempDir } from "../test-support/cli-process.js";
import { TEST_SALT } from "../test-support/emulator-fixture.js";

const target = pseudonymize(TEST_SALT, "tiktok", "target.one");
const other = pseudonymize(TEST_SALT, "tiktok", "someone.else");

function content(id: string, author: string, extra: Record<string, unknown> = {}) {
  return {
    platform: "tiktok",
    arena: "social_media",
    platform_id: id,
    content_type: "video",
    text_content: "Klimaet, igen.\n\nMed to linjer",
    author_platform_id: author,
    pseudonymized_author_id: author,
    views_count: 12,
    raw_metadata: { search_id: "7301234567890123456" },
    ...extra,
  };
}

/** [record, removed?] in file order. */
const RECORDS: [Record<string, unknown>, boolean][] = [
  [content("7301234567890000001", target), true],
  [content("7301234567890000002", other), false],
  [content("7301234567890000003", target, { content_type: "comment" }), true],
  // A public figure kept in the clear: found by handle.
  [content("7301234567890000004", "target.two", { raw_metadata: { public_figure: true } }), true],
  // Someone else's video that mentions the person: left as it is.
  [content("7301234567890000005", other, { text_content: "svar til @target.one" }), false],
  [
    {
      platform: "tiktok",
      relation: "follower",
      username: other,
      of: target,
      collected_at: "2026-11-24T10:00:00.000Z",
    },
    true,
  ],
  [
    {
      platform: "tiktok",
      relation: "follower",
      username: target,
      of: other,
      collected_at: "2026-11-24T10:00:00.000Z",
    },
    true,
  ],
  [
    {
      platform: "tiktok",
      relation: "follower",
      username: other,
      of: other,
      collected_at: "2026-11-24T10:00:00.000Z",
    },
    false,
  ],
];

const ENV = { OBSERVATORY_PSEUDONYM_SALT: TEST_SALT };

describe("observatory tiktok forget", () => {
  const work = tempDir();
  const run = (args: string[], env: Record<string, string | undefined> = ENV) =>
    runCliProcess(["tiktok", "forget", ...args], { cwd: work.dir, env: cleanEnv(env) });
  const jsonl = (records: readonly Record<string, unknown>[]) =>
    records.map((r) => `${JSON.stringify(r)}\n`).join("");

  beforeAll(() => {
    assertBuilt();
    writeFileSync(join(work.dir, "in.jsonl"), jsonl(RECORDS.map(([r]) => r)));
  });
  afterAll(() => work.cleanup());

  it("copies the file without the records that name the accounts; kept lines are byte-identical", async () => {
    const result = await run(["@Target.One", "target.two", "--in", "in.jsonl", "--out", "kept.jsonl"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("");
    const kept = RECORDS.filter(([, removed]) => !removed).map(([r]) => r);
    expect(readFileSync(join(work.dir, "kept.jsonl"), "utf8")).toBe(jsonl(kept));
    expect(result.stderr).toMatch(/read\s+8 records from in\.jsonl/);
    expect(result.stderr).toMatch(/removed\s+5: @target\.one 4 · @target\.two 1/);
    expect(result.stderr).toMatch(/written\s+3 to kept\.jsonl/);
    expect(result.stderr).toMatch(/mentions of these accounts inside other people's text/);
    // The input is untouched, no temporary file is left, and the salt is never printed.
    expect(readFileSync(join(work.dir, "in.jsonl"), "utf8")).toBe(jsonl(RECORDS.map(([r]) => r)));
    expect(readdirSync(work.dir).filter((f) => f.includes("partial"))).toEqual([]);
    expect(result.stderr).not.toContain(TEST_SALT);
  });

  it("does the same for a CSV, keeping each row's quoting and multi-line cells", async () => {
    const columns = [
      "platform",
      "platform_id",
      "content_type",
      "text_content",
      "author_platform_id",
      "pseudonymized_author_id",
      "raw_metadata",
    ];
    const rows = RECORDS.filter(([r]) => "platform_id" in r);
    const csv = (records: readonly Record<string, unknown>[]) =>
      stringify([
        columns,
        ...records.map((r) =>
          columns.map((c) => (typeof r[c] === "object" ? JSON.stringify(r[c]) : String(r[c] ?? ""))),
        ),
      ]);
    writeFileSync(join(work.dir, "in.csv"), csv(rows.map(([r]) => r)));
    const result = await run(["target.one", "target.two", "--in", "in.csv", "--out", "kept.csv"]);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(work.dir, "kept.csv"), "utf8")).toBe(
      csv(rows.filter(([, removed]) => !removed).map(([r]) => r)),
    );
    expect(result.stderr).toMatch(/removed\s+3: @target\.one 2 · @target\.two 1/);
  });

  it("finds nobody under another salt, and says which salt to check", async () => {
    const result = await run(["target.one", "--in", "in.jsonl", "--out", "other-salt.jsonl"], {
      OBSERVATORY_PSEUDONYM_SALT: "a-different-salt-0123456789",
    });
    // Nothing forgotten is a failure (exit 1), and no copy is left that could pass for an erased file.
    expect(result.code, result.stderr).toBe(1);
    expect(existsSync(join(work.dir, "other-salt.jsonl"))).toBe(false);
    expect(result.stderr).toMatch(/no record named these accounts: check that OBSERVATORY_PSEUDONYM_SALT/);
    expect(result.stderr).toMatch(
      /error: no record of --in in\.jsonl names @target\.one: nothing was removed and --out other-salt\.jsonl was not written/,
    );
  });

  it("never writes over a file, and leaves no output for bad input (exit 2 naming the flag)", async () => {
    writeFileSync(join(work.dir, "exists.jsonl"), "precious\n");
    const over = await run(["target.one", "--in", "in.jsonl", "--out", "exists.jsonl"]);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/--out .*exists\.jsonl already exists/);
    expect(readFileSync(join(work.dir, "exists.jsonl"), "utf8")).toBe("precious\n");

    const noDir = await run(["target.one", "--in", "in.jsonl", "--out", "no/such/dir.jsonl"]);
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toMatch(/--out .*dir\.jsonl: cannot create it \(ENOENT\)/);

    const same = await run(["target.one", "--in", "in.jsonl", "--out", "in.jsonl"]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/--out must differ from --in/);

    const missing = await run(["target.one", "--in", "nope.jsonl", "--out", "a.jsonl"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--in .*nope\.jsonl: cannot read it \(ENOENT\)/);
    expect(existsSync(join(work.dir, "a.jsonl"))).toBe(false);

    writeFileSync(join(work.dir, "torn.jsonl"), `${jsonl([RECORDS[1]![0]])}{"platform": "tik`);
    const torn = await run(["target.one", "--in", "torn.jsonl", "--out", "b.jsonl"]);
    expect(torn.code).toBe(2);
    expect(torn.stderr).toMatch(/--in torn\.jsonl line 2: not JSON/);
    expect(existsSync(join(work.dir, "b.jsonl"))).toBe(false);
    expect(readdirSync(work.dir).filter((f) => f.includes("partial"))).toEqual([]);

    const badName = await run(["not a name", "--in", "in.jsonl", "--out", "c.jsonl"]);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/is not a TikTok username/);

    const shortSalt = await run(["target.one", "--in", "in.jsonl", "--out", "d.jsonl"], {
      OBSERVATORY_PSEUDONYM_SALT: "short",
    });
    expect(shortSalt.code).toBe(2);
    expect(shortSalt.stderr).toMatch(/OBSERVATORY_PSEUDONYM_SALT/);
    expect(shortSalt.stderr).not.toContain("short\n");
  });
});
