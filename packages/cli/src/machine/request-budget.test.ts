import { MemoryQuotaLedger, QuotaExhaustedError } from "@observatory/arena-core";
import { describe, expect, it } from "vitest";
import { RequestBudgetLedger, RequestBudgetSpentError } from "./request-budget.js";

describe("RequestBudgetLedger (--max-requests)", () => {
  it("lets exactly N requests through over every pool, then stops before the next with a pause the engine knows", async () => {
    const shared = new MemoryQuotaLedger();
    const ledger = new RequestBudgetLedger(shared, 3, () => Date.UTC(2026, 11, 6));
    await ledger.reserve("key", "research");
    await ledger.reserve("key", "followers");
    await ledger.reserve("key", "research");
    expect(ledger.refused).toBe(false);
    const error = await ledger.reserve("key", "research").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestBudgetSpentError);
    // A quota pause in every respect: the engine stops resumably, keeping the checkpoints.
    expect(error).toBeInstanceOf(QuotaExhaustedError);
    expect(error).toMatchObject({ verdict: "pause-quota", code: "request_budget_spent", budget: 3 });
    expect((error as Error).message).toMatch(/--max-requests 3 spent: the run stopped before request 4/);
    // The shared ledger counted only what was let through.
    expect((await shared.state("key", "research")).requestsUsed).toBe(2);
    expect((await shared.state("key", "followers")).requestsUsed).toBe(1);
    expect(ledger.spent).toBe(true);
    expect(ledger.refused).toBe(true);
  });

  it("a reservation given back (the request was never sent) gives its budget back; a refused one costs none", async () => {
    const ledger = new RequestBudgetLedger(new MemoryQuotaLedger(), 1);
    const reservation = await ledger.reserve("key", "research");
    await ledger.release(reservation);
    expect(ledger.used).toBe(0);
    await ledger.reserve("key", "research");
    const full = new MemoryQuotaLedger({ pools: { research: { requests: 0, records: 0 } } });
    const refused = new RequestBudgetLedger(full, 1);
    await expect(refused.reserve("key", "research")).rejects.toBeInstanceOf(QuotaExhaustedError);
    await expect(refused.reserve("key", "research")).rejects.not.toBeInstanceOf(RequestBudgetSpentError);
    // The daily quota stopped it, not the budget (refresh tells them apart by this).
    expect(refused.refused).toBe(false);
    expect(refused.used).toBe(0);
  });
});
