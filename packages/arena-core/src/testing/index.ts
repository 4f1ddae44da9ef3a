export { type ConformanceHarness, type ConformanceOptions, describeArenaCollector } from "./conformance.js";
