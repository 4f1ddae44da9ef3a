// Preloaded into the measured process (`node --import`). When it exits, it writes to the file named by
// MAX_RSS_FILE its peak resident set size (getrusage ru_maxrss, kB) and the largest heap still in use
// right after a major (mark-compact) garbage collection: the live data, apart from garbage V8 has not
// yet collected.
import { writeFileSync } from "node:fs";
import { constants, PerformanceObserver } from "node:perf_hooks";

// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by the memory benchmark for the process it measures
const target = process.env.MAX_RSS_FILE;
if (target) {
  let liveKb = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        liveKb = Math.max(liveKb, Math.round(process.memoryUsage().heapUsed / 1024));
      }
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  process.on("exit", () => {
    writeFileSync(target, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, liveHeapKb: liveKb }));
  });
}
