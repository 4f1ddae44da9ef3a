import type { Verdict } from "../../errors/arena-error.js";
import { type ArenaError, QuotaExhaustedError, TransientError } from "../../errors/arena-error.js";
import type { Page, PageSource } from "../page-source.js";

export interface FakeItem {
  id: string;
  /** ms since epoch; the fake API returns the partition's items inside the asked window. */
  at: number;
  valid?: boolean;
}

/**
 * A fake arena for the engine's tests: a request builder (partition × window × cursor → the items of a
 * page), a page reader (items, next cursor, done), an error table (scripted failures by verdict) and a
 * normaliser. Pages hold `pageSize` items; the cursor is the index of the next one.
 */
export class FakeArena implements PageSource<string, Page<FakeItem>, { id: string; label: string }> {
  requests = 0;
  readonly log: string[] = [];
  /** Scripted failures: "label@cursor" (or "label@*") → verdicts thrown in turn on that request. */
  readonly failures = new Map<string, Verdict[]>();

  constructor(
    readonly items: Record<string, FakeItem[]>,
    readonly pageSize = 2,
  ) {}

  fail(where: string, ...verdicts: Verdict[]): this {
    this.failures.set(where, [...(this.failures.get(where) ?? []), ...verdicts]);
    return this;
  }

  async fetchPage(request: {
    task: { label: string; query: string; window?: { since: Date; until: Date } };
    cursor: { cursor?: string };
  }): Promise<Page<FakeItem>> {
    const { task } = request;
    const from = Number(request.cursor.cursor ?? 0);
    const win = task.window ? `${task.window.since.toISOString().slice(0, 10)}` : "";
    this.log.push(`${task.label}${win ? ` ${win}` : ""}@${from}`);
    for (const where of [`${task.label}@${from}`, `${task.label}@*`]) {
      const verdict = this.failures.get(where)?.shift();
      if (verdict) throw errorFor(verdict, where);
    }
    this.requests++;
    const all = (this.items[task.query] ?? []).filter(
      (item) =>
        !task.window || (item.at >= task.window.since.getTime() && item.at < task.window.until.getTime()),
    );
    const items = all.slice(from, from + this.pageSize);
    const next = from + items.length;
    return { items, next: { cursor: String(next) }, done: next >= all.length };
  }

  normalise(item: FakeItem, _index: number, _page: Page<FakeItem>, request: { task: { label: string } }) {
    if (item.valid === false) return undefined;
    return { key: item.id, id: item.id, value: { id: item.id, label: request.task.label } };
  }
}

function errorFor(verdict: Verdict, where: string): ArenaError {
  if (verdict === "pause-quota") {
    return new QuotaExhaustedError(`quota spent at ${where}`, {
      resumeAt: "2026-09-02T00:00:00.000Z",
      pool: "research",
    });
  }
  return new TransientError(`${verdict} at ${where}`, {
    verdict,
    ...(verdict === "skip-target" ? { details: { targetStatus: "private" } } : {}),
  });
}

export const DAY = 86_400_000;
export const T0 = Date.parse("2026-09-01T00:00:00Z");

/** `n` items spread one per `stepMs` from `start`. */
export function spread(prefix: string, n: number, start = T0, stepMs = DAY / 2): FakeItem[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, at: start + i * stepMs }));
}
