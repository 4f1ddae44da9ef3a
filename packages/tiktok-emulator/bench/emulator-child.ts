/**
 * The emulator under benchmark, in its own process so that it has a core to itself and its CPU
 * time can be measured apart from the load generator's. Talks to the parent over IPC.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

type Module = typeof import("../src/index.js");

/** The newest modification time under a directory. */
function newest(dir: string): number {
  let out = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    out = Math.max(out, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return out;
}

// Measure the built package when its build is current (what users run), else the source.
const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const src = fileURLToPath(new URL("../src", import.meta.url));
const useDist = existsSync(dist) && statSync(dist).mtimeMs >= newest(src);
const { startEmulator } = (useDist ? await import(dist) : await import("../src/index.js")) as Module;

const started = performance.now();
const cpuBefore = process.cpuUsage();
const emulator = await startEmulator({
  port: 0,
  seed: Number(process.env.EMULATOR_SEED ?? 42),
  quota: { research: { requests: 1e12, records: 1e15 }, followers: { requests: 1e12, records: 1e15 } },
});
const startupMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const startupCpuMs = (cpu.user + cpu.system) / 1000;

process.send?.({
  type: "ready",
  url: emulator.url,
  startupMs,
  startupCpuMs,
  build: useDist ? "dist" : "source (tsx)",
  videos: emulator.corpus.videoCount,
});
process.on("message", (message: { type: string }) => {
  if (message.type === "cpu") {
    const stats = emulator.stats();
    const records = stats.quota["demo-client-key"]?.research.records ?? 0;
    process.send?.({ type: "cpu", usage: process.cpuUsage(), requests: stats.requests.total, records });
  } else if (message.type === "close") {
    emulator.close().then(() => process.exit(0));
  }
});
