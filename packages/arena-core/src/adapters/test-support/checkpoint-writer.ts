// A child process for file-checkpoint-store.test.ts: writes checkpoints in a tight loop until killed.
// Usage: node --import tsx checkpoint-writer.ts <directory>
// Each state is self-checking: pages = n, records = 10·n, cursor = "c<n>", and every partition holds the
// same n with a large filler, so a torn or mixed file cannot pass for a complete one.
import { FileCheckpointStore } from "../file-checkpoint-store.js";

const directory = process.argv[2];
if (!directory) throw new Error("usage: checkpoint-writer.ts <directory>");
const store = new FileCheckpointStore(directory);
const runId = "kill-test";
const filler = "x".repeat(64 * 1024);

const last = await store.get(runId, "p0");
let n = last ? last.pages : 0;
let announced = false;
for (;;) {
  n++;
  for (const partition of ["p0", "p1", "p2"]) {
    await store.put({
      runId,
      partition,
      cursor: `c${n}`,
      done: false,
      pages: n,
      records: n * 10,
      data: { filler, n },
      updatedAt: new Date().toISOString(),
    });
  }
  if (!announced) {
    process.stdout.write(`ready ${n}\n`);
    announced = true;
  }
}
