import { describe, expect, it } from "vitest";
import { useBackends } from "../../test-support/backends.js";
import { SchemaTooNewError } from "../errors/store-errors.js";
import { openStore } from "../open-store.js";
import { MIGRATIONS, SCHEMA_VERSION } from "./migrations.js";

const { backends } = useBackends();

describe.each(backends)("migrations on $name", (backend) => {
  it("creates every table on first open, records the version, and is a no-op on reopen", async () => {
    const location = await backend.emptyLocation();
    const reports: unknown[] = [];
    const store = await openStore(location, { onMigrated: (r) => reports.push(r) });
    try {
      expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
      const { rows } = await store.sql.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
      );
      expect(rows.map((r) => r.table_name)).toEqual([
        "access_tokens",
        "checkpoint_leases",
        "checkpoints",
        "collection_runs",
        "collection_windows",
        "comments",
        "content_records",
        "deletions",
        "engagement_snapshots",
        "held_records",
        "playlist_entries",
        "quota_usage",
        "relations",
        "schema_migrations",
        "user_profiles",
        "video_days",
        "video_refreshes",
      ]);
    } finally {
      await store.close();
    }
    expect(reports).toEqual([
      { from: 0, to: SCHEMA_VERSION, applied: MIGRATIONS.map(({ version, name }) => ({ version, name })) },
    ]);
    const again: unknown[] = [];
    const reopened = await openStore(location, { onMigrated: (r) => again.push(r) });
    await reopened.close();
    expect(again).toEqual([{ from: SCHEMA_VERSION, to: SCHEMA_VERSION, applied: [] }]);
  });

  it("refuses a database whose schema is newer than the code, changing nothing", async () => {
    const location = await backend.newLocation();
    const store = await openStore(location);
    await store.sql.query("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')", [
      SCHEMA_VERSION + 1,
    ]);
    await store.close();
    const error = await openStore(location).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect((error as Error).message).toMatch(
      new RegExp(`schema version ${SCHEMA_VERSION + 1}, newer than this code's ${SCHEMA_VERSION}`),
    );
    expect(String((error as Error).message)).not.toMatch(/password/i);
  });

  it("with migrate: false, an outdated database is an error that says to run db migrate", async () => {
    const location = await backend.newLocation();
    const store = await openStore(location);
    await store.sql.query("DELETE FROM schema_migrations");
    await store.close();
    await expect(openStore(location, { migrate: false })).rejects.toThrow(/observatory db migrate/);
  });
});
