import { hostname } from "node:os";
import {
  type Checkpoint,
  type CheckpointStore,
  mergePlanCheckpoints,
  PLAN_PARTITION,
} from "@observatory/arena-core";
import { UsageError } from "../usage-error.js";
import type { FileOutput } from "./file-output.js";
import type { OutputRef } from "./resume-sidecar.js";

/** The run id under which the outputs of a run register (one partition per output). */
const registryOf = (runId: string) => `${runId}#outputs`;

/** The output whose file holds a checkpoint's records (set on every checkpoint this store writes). */
const ownerOf = (checkpoint: Checkpoint): string | undefined =>
  typeof checkpoint.data?.output === "string" ? checkpoint.data.output : undefined;

/** True when `a` describes less of its partition than `b` (fewer pages, not done, not yet split). */
function behind(a: Checkpoint, b: Checkpoint): boolean {
  if (b.done && !a.done) return true;
  if (b.data?.splitInto && !a.data?.splitInto) return true;
  return a.pages < b.pages;
}

/**
 * The checkpoint store a collection into a file uses: the file's sidecar is the truth about what the
 * file holds, the shared store (the state directory, or Redis) only coordinates — leases, and what
 * other workers of the run (with their own files) have collected. So another working folder, a
 * deleted state directory, or a Redis that was flushed, restarted empty or restored from an older
 * snapshot never makes a run collect into its file what the file already holds, and a file moved
 * aside makes the same command start over.
 *
 * Every checkpoint this store writes names its file (`data.output`), and every file registers in the
 * shared store under the run (`<runId>#outputs`). Checkpoints of a file that was at the same path
 * before (moved aside, or deleted) are ignored. When the shared store has lost what this file holds
 * (its registration, or its checkpoints, are gone or older), the file's part is given back to the
 * store; if other files of the run are known, going on could collect their videos into this file, so
 * the command stops (exit 2) until every one of them has given its part back.
 */
export class OutputCheckpoints implements CheckpointStore {
  claim?: (runId: string, partition: string, owner: string, ttlMs: number) => Promise<boolean>;
  release?: (runId: string, partition: string, owner: string) => Promise<void>;
  readonly #shared: CheckpointStore;
  /** Where the shared store is ("Redis (REDIS_URL)" or the state directory), for messages. */
  readonly #where: string;
  readonly #notice: (line: string) => void;
  #output: FileOutput<unknown> | undefined;
  #runId = "";
  #me: OutputRef = { id: "", path: "", host: "" };
  /** The outputs registered in the shared store, as last read. */
  #registered = new Map<string, OutputRef>();

  constructor(shared: CheckpointStore, options: { where: string; notice: (line: string) => void }) {
    this.#shared = shared;
    this.#where = options.where;
    this.#notice = options.notice;
    const { claim, release } = shared;
    if (claim && release) {
      this.claim = (runId, partition, owner, ttlMs) => claim.call(shared, runId, partition, owner, ttlMs);
      this.release = (runId, partition, owner) => release.call(shared, runId, partition, owner);
    }
  }

  /**
   * Binds the store to the run's output file, before the collection starts: registers the file and,
   * when the shared store has lost what the file holds, gives it back (or stops, see the class).
   */
  async attach(output: FileOutput<unknown>, runId: string): Promise<void> {
    this.#output = output;
    this.#runId = runId;
    this.#me = { id: output.outputId, path: output.target, host: hostname() };
    output.keepCheckpoints();
    await this.#readRegistry();
    if (output.legacy) {
      // A sidecar of an earlier version: its checkpoints are in the state store; they become the file's.
      const stored = (await this.#shared.list(runId)).filter((c) => !ownerOf(c));
      if (output.holdsPages && !stored.length) {
        throw new UsageError(
          `--out ${output.target} was started by an earlier version, which kept its checkpoints in the state store, and ${this.#where} does not hold them: run the command where (or with the REDIS_URL) it was started, or move the file and its .resume.json aside to start over.`,
          "--out",
        );
      }
      await output.saveCheckpoints(stored.map((c) => this.#tag(c)));
      await this.#register();
      return;
    }
    const lost = output.holdsPages ? await this.#storeLostMine() : undefined;
    if (lost) return this.#giveBack(lost, { midRun: false });
    await this.#register();
    // Another file of the run this file knew of is no longer registered: the store lost the run's
    // state and that file has not given its part back yet.
    if (this.#others().some((ref) => !this.#registered.has(ref.id))) {
      await this.#giveBack("lost other outputs of the run", { midRun: false });
    }
  }

  /**
   * Before a page's records are written: has the shared store lost what this file holds meanwhile?
   * Checked before writing, so that a loss is handled before records could land in two files.
   */
  async beforePage(partition: string): Promise<void> {
    const output = this.#output;
    if (!output) return;
    await this.#readRegistry();
    let lost: string | undefined;
    if (!this.#registered.has(this.#me.id)) lost = "no longer knew this file";
    else {
      const mine = output.checkpoint(partition);
      if (mine && mine.pages > 0) {
        const stored = await this.#shared.get(this.#runId, partition);
        if (!stored || (ownerOf(stored) === this.#me.id && behind(stored, mine))) {
          lost = "held an older state of this file's checkpoints";
        }
      }
    }
    if (lost) await this.#giveBack(lost, { midRun: true });
  }

  get(runId: string, partition: string): Promise<Checkpoint | undefined> {
    if (!this.#bound(runId)) return this.#shared.get(runId, partition);
    return this.#shared.get(runId, partition).then((stored) => this.#decide(partition, stored));
  }

  async put(checkpoint: Checkpoint): Promise<void> {
    if (!this.#bound(checkpoint.runId)) return this.#shared.put(checkpoint);
    const tagged = this.#tag(checkpoint);
    await this.#output!.saveCheckpoints([tagged], this.#others());
    await this.#shared.put(tagged);
  }

  async list(runId: string): Promise<Checkpoint[]> {
    if (!this.#bound(runId)) return this.#shared.list(runId);
    const stored = new Map((await this.#shared.list(runId)).map((c) => [c.partition, c]));
    const partitions = new Set([...stored.keys(), ...this.#output!.checkpoints().map((c) => c.partition)]);
    const result: Checkpoint[] = [];
    for (const partition of partitions) {
      const decided = this.#decide(partition, stored.get(partition));
      if (decided) result.push(decided);
    }
    return result;
  }

  deleteRun(runId: string): Promise<void> {
    return this.#shared.deleteRun(runId);
  }

  #bound(runId: string): boolean {
    return this.#output !== undefined && runId === this.#runId;
  }

  /**
   * The file's own checkpoint, unless another file of the run has got further with the partition (it
   * took the window over): then that one. A checkpoint of an earlier file at this path is ignored.
   */
  #decide(partition: string, stored: Checkpoint | undefined): Checkpoint | undefined {
    const mine = this.#output!.checkpoint(partition);
    // The plan coordinates the workers: windows another worker appended to it are theirs to run, so
    // this file's copy never hides them (an adaptive plan would otherwise choose overlapping windows).
    if (partition === PLAN_PARTITION && stored && mine) return mergePlanCheckpoints(stored, mine);
    if (stored) {
      const owner = ownerOf(stored);
      const foreign = owner !== this.#me.id && !this.#isEarlierFileHere(owner);
      if (foreign && (!mine || behind(mine, stored))) return stored;
    }
    return mine;
  }

  /** An output registered at this file's path and host that is not this file: moved aside or deleted. */
  #isEarlierFileHere(owner: string | undefined): boolean {
    if (!owner) return false;
    const ref = this.#registered.get(owner);
    return ref !== undefined && ref.path === this.#me.path && ref.host === this.#me.host;
  }

  #tag(checkpoint: Checkpoint): Checkpoint {
    return { ...checkpoint, runId: this.#runId, data: { ...checkpoint.data, output: this.#me.id } };
  }

  /** The other files of the run: registered now, and those the sidecar knew of. */
  #others(): OutputRef[] {
    const all = new Map<string, OutputRef>();
    for (const ref of [...(this.#output?.knownOutputs ?? []), ...this.#registered.values()])
      all.set(ref.id, ref);
    return [...all.values()].filter(
      (ref) => ref.id !== this.#me.id && !(ref.path === this.#me.path && ref.host === this.#me.host),
    );
  }

  async #readRegistry(): Promise<void> {
    const refs = await this.#shared.list(registryOf(this.#runId));
    this.#registered = new Map();
    for (const c of refs) {
      const data = c.data as Partial<OutputRef> | undefined;
      if (typeof data?.path === "string" && typeof data.host === "string") {
        this.#registered.set(c.partition, { id: c.partition, path: data.path, host: data.host });
      }
    }
  }

  async #register(): Promise<void> {
    await this.#shared.put({
      runId: registryOf(this.#runId),
      partition: this.#me.id,
      done: false,
      pages: 0,
      records: 0,
      data: { path: this.#me.path, host: this.#me.host },
      updatedAt: new Date().toISOString(),
    });
    this.#registered.set(this.#me.id, this.#me);
  }

  /** Why the shared store no longer describes what this file holds, or undefined when it does. */
  async #storeLostMine(): Promise<string | undefined> {
    if (!this.#registered.has(this.#me.id)) return "no longer knew this file";
    const stored = new Map((await this.#shared.list(this.#runId)).map((c) => [c.partition, c]));
    for (const mine of this.#output!.checkpoints()) {
      const theirs = stored.get(mine.partition);
      if (!theirs) return "no longer knew this file's checkpoints";
      if (ownerOf(theirs) === this.#me.id && behind(theirs, mine))
        return "held an older state of this file's checkpoints";
    }
    return undefined;
  }

  /**
   * Gives the shared store back what this file holds. Alone in the run, the collection goes on. With
   * other files in the run, it goes on only at the start of a command and once every other file has
   * given its part back; otherwise exit 2 naming the files and the fix.
   */
  async #giveBack(why: string, options: { midRun: boolean }): Promise<void> {
    const output = this.#output!;
    const stored = new Map((await this.#shared.list(this.#runId)).map((c) => [c.partition, c]));
    for (const mine of output.checkpoints()) {
      const theirs = stored.get(mine.partition);
      if (!theirs || behind(theirs, mine)) await this.#shared.put(this.#tag(mine));
    }
    // Registered only once its part is back: another worker that sees the registration can trust it.
    await this.#register();
    await this.#readRegistry();
    const others = this.#others();
    const file = output.target;
    if (!others.length) {
      this.#notice(
        `${this.#where} lost or rolled back run ${this.#runId} (it ${why}); continuing from ${file} and its sidecar, the truth about what the file holds`,
      );
      return;
    }
    const missing = others.filter((ref) => !this.#registered.has(ref.id));
    if (!options.midRun && !missing.length) {
      this.#notice(
        `${this.#where} had lost run ${this.#runId}; every output of the run has given back what it holds: continuing`,
      );
      return;
    }
    const names = (refs: OutputRef[]) =>
      refs.map((r) => (r.host === this.#me.host ? r.path : `${r.host}:${r.path}`)).join(", ");
    const waiting = missing.length ? missing : others;
    throw new UsageError(
      `--out ${file}: ${this.#where} lost the state of run ${this.#runId} while this file and ${others.length} other output(s) of the run hold pages of it, so going on could collect the same videos into two files. This file's part is given back to the store; fix: start the workers of ${names(waiting)} again (each gives back what its file holds), then run this command again — or start the collection over with a new --run-id.`,
      "--out",
    );
  }
}
