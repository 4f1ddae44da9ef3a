import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

type Message =
  | { type: "ready" }
  | { type: "result"; round: number; result: unknown }
  | { type: "error"; error: string };

/**
 * A pool of forked Node processes running `test-support/<script>` (TypeScript, via tsx). Each round
 * releases all of them at once with "go" (so their work interleaves) and collects one result from each.
 * Workers exit by themselves after `close()`: a worker that does not is killed and reported.
 */
export class WorkerPool<R> {
  readonly #children: ChildProcess[];
  readonly #exits: Promise<number | null>[];
  readonly #messages: Message[][];
  readonly #waiters = new Set<() => void>();

  private constructor(children: ChildProcess[]) {
    this.#children = children;
    this.#messages = children.map(() => []);
    this.#exits = children.map(
      (child, index) =>
        new Promise((resolve) => {
          child.on("message", (message: Message) => {
            this.#messages[index]!.push(message);
            for (const wake of this.#waiters) wake();
          });
          child.once("exit", (code) => {
            for (const wake of this.#waiters) wake();
            resolve(code);
          });
        }),
    );
  }

  static async start<R>(
    script: string,
    count: number,
    args: (index: number) => Record<string, unknown>,
  ): Promise<WorkerPool<R>> {
    const path = fileURLToPath(new URL(script, import.meta.url));
    const children = Array.from({ length: count }, (_, index) =>
      fork(path, [JSON.stringify({ index, ...args(index) })], {
        execArgv: ["--conditions=source", "--import", "tsx"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      }),
    );
    const pool = new WorkerPool<R>(children);
    await pool.#until((messages) => messages.some((m) => m.type === "ready"), 30_000, "ready");
    return pool;
  }

  get size(): number {
    return this.#children.length;
  }

  /** Sends "go" with `input` to every worker and waits for each one's result of this round. */
  async round(round: number, input: unknown = {}, timeoutMs = 30_000): Promise<R[]> {
    this.go(round, input);
    return this.results(round, timeoutMs);
  }

  /** Waits for the results of `round` from the workers `indices` (default all), e.g. the survivors of a kill. */
  async results(
    round: number,
    timeoutMs = 30_000,
    indices: readonly number[] = this.#children.map((_, i) => i),
  ): Promise<R[]> {
    await this.#until(
      (messages) => messages.some((m) => m.type === "result" && m.round === round),
      timeoutMs,
      `round ${round}`,
      indices,
    );
    return indices.map(
      (i) =>
        (this.#messages[i]!.find((m) => m.type === "result" && m.round === round) as { result: R }).result,
    );
  }

  /** Sends "go" without waiting for the results. */
  go(round: number, input: unknown = {}): void {
    for (const child of this.#children) child.send({ type: "go", round, input });
  }

  /** Tells the workers to finish and returns their exit codes (each must exit by itself within `timeoutMs`). */
  async close(timeoutMs = 10_000): Promise<(number | null)[]> {
    for (const child of this.#children) if (child.connected) child.send({ type: "stop" });
    const timer = setTimeout(() => {
      for (const child of this.#children) child.kill("SIGKILL");
    }, timeoutMs);
    try {
      return await Promise.all(this.#exits);
    } finally {
      clearTimeout(timer);
    }
  }

  killOne(index: number): void {
    this.#children[index]?.kill("SIGKILL");
  }

  kill(): void {
    for (const child of this.#children) if (child.exitCode === null) child.kill("SIGKILL");
  }

  async #until(
    done: (messages: Message[]) => boolean,
    timeoutMs: number,
    what: string,
    indices: readonly number[] = this.#children.map((_, i) => i),
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const errors = indices.flatMap((i) =>
        this.#messages[i]!.filter((m) => m.type === "error").map(
          (m) => `worker ${i}: ${(m as { error: string }).error}`,
        ),
      );
      if (errors.length) throw new Error(errors.join("\n"));
      if (indices.every((i) => done(this.#messages[i]!))) return;
      const dead = indices.find((i) => {
        const c = this.#children[i]!;
        return (c.exitCode !== null || c.signalCode !== null) && !done(this.#messages[i]!);
      });
      if (dead !== undefined)
        throw new Error(
          `worker ${dead} exited (${this.#children[dead]!.exitCode ?? this.#children[dead]!.signalCode}) before ${what}`,
        );
      if (Date.now() > deadline) throw new Error(`workers not ${what} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(wake, 100);
        function wake() {
          clearTimeout(timer);
          resolve();
        }
        this.#waiters.add(wake);
      }).finally(() => this.#waiters.clear());
    }
  }
}

/** Inside a worker: its arguments. */
export function workerArgs<A>(): A & { index: number } {
  return JSON.parse(process.argv[2] ?? "{}");
}

/**
 * Inside a worker: says "ready", then runs `work` for every "go" and sends its result; returns on "stop"
 * and closes the IPC channel, so the worker exits once its own handles are closed.
 */
export async function serveRounds<I>(work: (input: I, round: number) => Promise<unknown>): Promise<void> {
  await new Promise<void>((resolve) => {
    let queue = Promise.resolve();
    const onMessage = (message: { type: string; round: number; input: I }) => {
      if (message.type === "stop") {
        process.off("message", onMessage);
        queue.then(resolve, resolve);
        return;
      }
      if (message.type !== "go") return;
      queue = queue.then(async () => {
        try {
          const result = await work(message.input, message.round);
          await send({ type: "result", round: message.round, result });
        } catch (error) {
          await send({
            type: "error",
            error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          });
        }
      });
    };
    process.on("message", onMessage);
    void send({ type: "ready" });
  });
  process.disconnect?.();
}

function send(message: Message): Promise<void> {
  return new Promise((resolve) => {
    process.send?.(message, undefined, {}, () => resolve());
  });
}
