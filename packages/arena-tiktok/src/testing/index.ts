// Test helpers for hosts and sibling packages (`@observatory/arena-tiktok/testing`); the generic ones
// (drain, guardNock, the conformance suite) are `@observatory/arena-core/testing`'s.

export { type BlackHole, startBlackHole } from "./black-hole.js";
export { type EmulatorCorpus, pagesNeeded, pagesPerWindow, truthFor } from "./emulator-truth.js";
