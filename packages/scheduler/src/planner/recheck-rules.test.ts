import { DAY_MS } from "@observatory/arena-core";
import { describe, expect, it } from "vitest";
import { isComplianceDue, isRefreshDue, recheckCutoffs } from "./recheck-rules.js";

const now = Date.parse("2026-09-20T00:30:00Z");

describe("recheck rules", () => {
  it("refresh: published 10–15 days ago and never refreshed", () => {
    const c = recheckCutoffs(now);
    const facts = (ageDays: number, refreshed: number | null = null) => ({
      publishedAt: now - ageDays * DAY_MS,
      engagementRefreshedAt: refreshed,
      lastCheckedAt: now,
    });
    expect(isRefreshDue(facts(9.9), c)).toBe(false);
    expect(isRefreshDue(facts(10), c)).toBe(true);
    expect(isRefreshDue(facts(15), c)).toBe(true);
    expect(isRefreshDue(facts(15.1), c)).toBe(false);
    expect(isRefreshDue(facts(12, now - DAY_MS), c)).toBe(false);
  });

  it("compliance: the last check is 12 days old or older (3 days to spare before 15)", () => {
    const c = recheckCutoffs(now);
    const facts = (checkedDaysAgo: number) => ({
      publishedAt: null,
      engagementRefreshedAt: null,
      lastCheckedAt: now - checkedDaysAgo * DAY_MS,
    });
    expect(isComplianceDue(facts(11.9), c)).toBe(false);
    expect(isComplianceDue(facts(12), c)).toBe(true);
  });
});
