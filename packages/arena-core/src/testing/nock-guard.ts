import { afterEach, beforeAll, expect } from "vitest";

/** The part of nock the guard uses (nock is the arena's dev dependency, not arena-core's). */
export interface NockLike {
  disableNetConnect(): void;
  pendingMocks(): string[];
  cleanAll(): unknown;
}

/**
 * The HTTP unit tests' rule, once: no real network, and after every test every mocked request was
 * used (then the mocks are cleared). `strict: false` only clears (for tests whose mocks are optional).
 */
export function guardNock(nock: NockLike, options: { strict?: boolean } = {}): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    if (options.strict !== false) expect(pending, "every mocked request was used").toEqual([]);
  });
}
