import { type Emulator, type EmulatorOptions, startEmulator } from "@observatory/tiktok-emulator";
import { SUITE_CLIENT, SUITE_NOW } from "./suite-client.js";

/** An emulator that accepts only the suite's client, at a fixed "now" unless a clock is given. */
export function startSuiteEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({
    seed: 11,
    clock: { now: () => SUITE_NOW },
    clients: [SUITE_CLIENT],
    ...options,
  });
}
