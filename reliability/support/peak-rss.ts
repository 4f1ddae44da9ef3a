/** The peak resident memory of a child process, read from /proc while it runs (Linux). */
import { readFileSync } from "node:fs";

export class PeakRss {
  #peakKb = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(pid: number, everyMs = 50) {
    const read = () => {
      try {
        const status = readFileSync(`/proc/${pid}/status`, "utf8");
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
        if (hwm) this.#peakKb = Math.max(this.#peakKb, Number(hwm[1]));
      } catch {
        // the process has ended
      }
    };
    read();
    this.#timer = setInterval(read, everyMs);
  }

  /** The highest peak seen, in MB. */
  get peakMb(): number {
    return Math.round(this.#peakKb / 1024);
  }

  stop(): number {
    clearInterval(this.#timer);
    return this.peakMb;
  }
}
