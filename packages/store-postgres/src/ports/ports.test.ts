import { ManualClock, QuotaExhaustedError } from "@observatory/arena-core";
import { describe, expect, it } from "vitest";
import { useBackends } from "../../test-support/backends.js";
import type { RecordStore } from "../record-store.js";

const { backends } = useBackends();

/**
 * Several stores on one database: on a server each is its own connection pool, as separate processes
 * would be; PGlite serves one process, so there the "workers" share one store.
 */
async function workers(backend: (typeof backends)[number], location: string, n: number, clock?: ManualClock) {
  if (backend.name === "pglite") {
    const store = await backend.open(location, clock ? { clock } : {});
    return { stores: Array.from({ length: n }, () => store), close: () => store.close() };
  }
  const stores: RecordStore[] = [];
  for (let i = 0; i < n; i++) stores.push(await backend.open(location, clock ? { clock } : {}));
  return { stores, close: () => Promise.all(stores.map((s) => s.close())).then(() => undefined) };
}

describe.each(backends)("ports on $name", (backend) => {
  it("quota ledger: N workers reserving at once never exceed the limit together", async () => {
    const clock = new ManualClock("2026-09-20T10:00:00Z");
    const { stores, close } = await workers(backend, await backend.newLocation(), 6, clock);
    try {
      const ledgers = stores.map((s) =>
        s.quotaLedger({ pools: { research: { requests: 37, records: 10_000 } } }),
      );
      const attempts = await Promise.allSettled(
        Array.from({ length: 120 }, (_, i) => ledgers[i % ledgers.length]!.reserve("cred", "research")),
      );
      const granted = attempts.filter((a) => a.status === "fulfilled").length;
      const refused = attempts.filter((a) => a.status === "rejected");
      expect(granted).toBe(37);
      expect(refused.every((r) => (r as PromiseRejectedResult).reason instanceof QuotaExhaustedError)).toBe(
        true,
      );
      const state = await ledgers[0]!.state("cred", "research");
      expect(state).toMatchObject({
        requestsUsed: 37,
        requestsLimit: 37,
        exhausted: true,
        day: "2026-09-20",
      });
      // The next UTC day starts afresh.
      clock.advance(14 * 3_600_000);
      await expect(ledgers[1]!.reserve("cred", "research")).resolves.toMatchObject({ day: "2026-09-21" });
    } finally {
      await close();
    }
  });

  it("quota ledger: release gives back, records count, markExhausted pauses until the reset", async () => {
    const clock = new ManualClock("2026-09-20T10:00:00Z");
    const store = await backend.open(await backend.newLocation(), { clock });
    try {
      const ledger = store.quotaLedger({ pools: { research: { requests: 5, records: 100 } } });
      const r = await ledger.reserve("cred", "research", 2);
      await ledger.release(r);
      const r2 = await ledger.reserve("cred", "research");
      await ledger.addRecords(r2, 100);
      await expect(ledger.reserve("cred", "research")).rejects.toMatchObject({
        resumeAt: "2026-09-21T00:00:00.000Z",
      });
      expect(await ledger.state("cred", "research")).toMatchObject({ requestsUsed: 1, recordsUsed: 100 });
      await ledger.markExhausted("cred2", "research");
      await expect(ledger.reserve("cred2", "research")).rejects.toBeInstanceOf(QuotaExhaustedError);
    } finally {
      await store.close();
    }
  });

  it("token cache: concurrent callers in several workers trigger one refresh", async () => {
    const { stores, close } = await workers(backend, await backend.newLocation(), 4);
    try {
      let refreshes = 0;
      const refresh = async () => {
        refreshes++;
        await new Promise((r) => setTimeout(r, 150));
        return { accessToken: `clt.${refreshes}`, expiresAt: Date.now() + 7_200_000 };
      };
      const caches = stores.map((s) => s.tokenCache());
      const tokens = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          caches[i % caches.length]!.getOrRefresh("cred", refresh, {
            minValidityMs: 600_000,
            now: Date.now(),
          }),
        ),
      );
      expect(refreshes).toBe(1);
      expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(["clt.1"]));
      // A rejected token is refreshed once more, whatever its expiry says.
      const again = await caches[1]!.getOrRefresh("cred", refresh, {
        minValidityMs: 600_000,
        now: Date.now(),
        rejected: "clt.1",
      });
      expect(again.accessToken).toBe("clt.2");
      expect(await caches[2]!.get("cred")).toMatchObject({ accessToken: "clt.2" });
    } finally {
      await close();
    }
  });

  it("checkpoint leases: one owner at a time, taken over once lapsed, released by its owner only", async () => {
    const clock = new ManualClock("2026-09-20T10:00:00Z");
    const store = await backend.open(await backend.newLocation(), { clock });
    try {
      const cps = store.checkpoints;
      expect(await cps.claim("run", "p1", "w1", 30_000)).toBe(true);
      expect(await cps.claim("run", "p1", "w2", 30_000)).toBe(false);
      expect(await cps.claim("run", "p1", "w1", 30_000)).toBe(true); // renewal
      await cps.release("run", "p1", "w2"); // not w2's: no effect
      expect(await cps.claim("run", "p1", "w2", 30_000)).toBe(false);
      clock.advance(30_001);
      expect(await cps.claim("run", "p1", "w2", 30_000)).toBe(true);
      await cps.release("run", "p1", "w2");
      expect(await cps.claim("run", "p1", "w3", 30_000)).toBe(true);
      await cps.put({
        runId: "run",
        partition: "p1",
        done: true,
        pages: 2,
        records: 7,
        updatedAt: "2026-09-20T10:00:00.000Z",
      });
      expect(await cps.list("run")).toEqual([
        {
          runId: "run",
          partition: "p1",
          done: true,
          pages: 2,
          records: 7,
          updatedAt: "2026-09-20T10:00:00.000Z",
        },
      ]);
      await cps.deleteRun("run");
      expect(await cps.list("run")).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("window claims: N workers claiming at once get the exact set, each window once", async () => {
    const { stores, close } = await workers(backend, await backend.newLocation(), 5);
    try {
      const partitions = Array.from({ length: 60 }, (_, i) => {
        const day = new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
        const next = new Date(Date.UTC(2026, 0, 2) + i * 86_400_000).toISOString().slice(0, 10);
        return `terms:${day}..${next}`;
      });
      expect(await stores[0]!.windows.register("run", partitions)).toBe(60);
      expect(await stores[1]!.windows.register("run", partitions)).toBe(0);
      const claimed: string[] = [];
      await Promise.all(
        stores.map(async (store, w) => {
          for (;;) {
            const window = await store.windows.claim("run", `w${w}`, 60_000);
            if (!window) return;
            claimed.push(window.partition);
            expect(await store.windows.complete("run", window.partition, `w${w}`)).toBe(true);
          }
        }),
      );
      expect(claimed.sort()).toEqual([...partitions].sort());
      const rows = await stores[0]!.windows.list("run");
      expect(rows.every((r) => r.status === "done")).toBe(true);
    } finally {
      await close();
    }
  });

  it("window claims: a crashed worker's lapsed claim is handed out again; a live one is not", async () => {
    const clock = new ManualClock("2026-09-20T10:00:00Z");
    const store = await backend.open(await backend.newLocation(), { clock });
    try {
      await store.windows.register("run", ["a", "b"]);
      const first = await store.windows.claim("run", "w1", 10_000);
      const second = await store.windows.claim("run", "w2", 10_000);
      expect([first?.partition, second?.partition].sort()).toEqual(["a", "b"]);
      expect(await store.windows.claim("run", "w3", 10_000)).toBeUndefined();
      clock.advance(10_001);
      expect(await store.windows.renew("run", second!.partition, "w2", 10_000)).toBe(true);
      const taken = await store.windows.claim("run", "w3", 10_000);
      expect(taken?.partition).toBe(first!.partition);
      expect(await store.windows.complete("run", first!.partition, "w1")).toBe(false); // lost its lease
    } finally {
      await store.close();
    }
  });
});
