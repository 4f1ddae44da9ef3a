import { DAY_MS } from "@observatory/arena-core";
import { describe, expect, it } from "vitest";
import { isComplianceDue, isRefreshDue, recheckCutoffs } from "./recheck-rules.js";

const now = Date.parse("2026-09-20T00:30:00Z");

describe("recheck rules", () => {
  it("refresh: published 10–15 days ago and never refreshed", () => {
    const c = recheckCutoffs(now);
    const facts = (ageDays: number, checkedAtAge: number | null = null) => ({
      publishedAt: now - ageDays * DAY_MS,
      lastSeenAt: now,
      lastCheckedAt: checkedAtAge === null ? null : now - (ageDays - checkedAtAge) * DAY_MS,
    });
    expect(isRefreshDue(facts(9.9), c)).toBe(false);
    expect(isRefreshDue(facts(10.1), c)).toBe(true);
    expect(isRefreshDue(facts(15), c)).toBe(true);
    expect(isRefreshDue(facts(15.1), c)).toBe(false);
    // Checked by ID at 11 days: refreshed at that age. Checked at 3 days (before 10): still due.
    expect(isRefreshDue(facts(12, 11), c)).toBe(false);
    expect(isRefreshDue(facts(12, 3), c)).toBe(true);
  });

  it("compliance: the last check (seen by a collection or re-queried by ID) is 12 days old (3 days to spare before 15)", () => {
    const c = recheckCutoffs(now);
    const facts = (seenDaysAgo: number, checkedDaysAgo: number | null) => ({
      publishedAt: null,
      lastSeenAt: now - seenDaysAgo * DAY_MS,
      lastCheckedAt: checkedDaysAgo === null ? null : now - checkedDaysAgo * DAY_MS,
    });
    expect(isComplianceDue(facts(11.9, null), c)).toBe(false);
    expect(isComplianceDue(facts(12, null), c)).toBe(true);
    expect(isComplianceDue(facts(20, 5), c)).toBe(false);
    expect(isComplianceDue(facts(20, 13), c)).toBe(true);
  });
});
