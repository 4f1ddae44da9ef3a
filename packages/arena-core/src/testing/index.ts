export { type ConformanceHarness, type ConformanceOptions, describeArenaCollector } from "./conformance.js";
export { drain } from "./drain.js";
export { guardNock, type NockLike } from "./nock-guard.js";
