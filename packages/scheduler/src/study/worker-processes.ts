import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { QueueLocation } from "../executor/queue-connection.js";

/** Worker processes of a simulated study, which a test (or `simulate --kill`) can kill. */
export class WorkerProcesses {
  readonly #env: NodeJS.ProcessEnv;
  readonly #children: ChildProcess[] = [];
  readonly #script: string;
  readonly #execArgv: string[];
  kills = 0;
  terms = 0;

  constructor(input: { location: QueueLocation; dbUrl: string; emulatorUrl: string; dailyRequests: number }) {
    this.#env = {
      ...process.env,
      STUDY_QUEUE: JSON.stringify(input.location),
      STUDY_DB: input.dbUrl,
      STUDY_EMULATOR: input.emulatorUrl,
      STUDY_DAILY_REQUESTS: String(input.dailyRequests),
    };
    const here = fileURLToPath(import.meta.url);
    // From source (tests: tsx) or from the built package (dist).
    if (here.endsWith(".ts")) {
      this.#script = here.replace(/worker-processes\.ts$/, "study-worker-main.ts");
      this.#execArgv = ["--conditions=source", "--import", "tsx"];
    } else {
      this.#script = here.replace(/[^/\\]+$/, "study-worker-main.js");
      this.#execArgv = [];
    }
  }

  /** Starts a worker process and waits until it takes jobs. */
  async start(): Promise<ChildProcess> {
    const child = spawn(process.execPath, [...this.#execArgv, this.#script], {
      env: this.#env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`worker exited ${code} before it was ready`)));
      child.stdout?.on("data", (d) => {
        if (String(d).includes("ready")) resolve();
      });
    });
    this.#children.push(child);
    return child;
  }

  get alive(): ChildProcess[] {
    return this.#children.filter((c) => c.exitCode === null && c.signalCode === null);
  }

  /** SIGKILLs a running worker (its jobs are taken over after their lock expires) and starts another. */
  async killOne(pick: number): Promise<void> {
    const alive = this.alive;
    const victim = alive[pick % alive.length];
    if (!victim) return;
    victim.kill("SIGKILL");
    this.kills++;
    await this.start();
  }

  /** SIGTERMs a worker (it finishes its page and returns its jobs) and starts another. */
  async terminateOne(pick: number): Promise<void> {
    const victim = this.alive[pick % this.alive.length];
    if (!victim) return;
    const exited = new Promise((r) => victim.once("exit", r));
    victim.kill("SIGTERM");
    await exited;
    this.terms++;
    await this.start();
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.alive.map(
        (c) =>
          new Promise<void>((resolve) => {
            const t = setTimeout(() => c.kill("SIGKILL"), 10_000);
            c.once("exit", () => {
              clearTimeout(t);
              resolve();
            });
            c.kill("SIGTERM");
          }),
      ),
    );
  }
}
