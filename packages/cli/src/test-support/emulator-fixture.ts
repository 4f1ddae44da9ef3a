import {
  DEMO_CLIENT,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from "@observatory/tiktok-emulator";

/** A salt for tests; the command requires one with credentials. */
export const TEST_SALT = "test-salt-for-the-cli-0123456789";

/** A clock the test moves (the emulator's quota day, token expiry). */
export class MovableClock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  /** Moves to just after the next 00:00 UTC. */
  pastMidnight(): void {
    const now = this.now();
    const next = Math.floor(now / 86_400_000) * 86_400_000 + 86_400_000;
    this.offsetMs += next - now + 1_000;
  }
}

export interface EmulatorFixture {
  emulator: Emulator;
  /** The environment that points the command at this emulator with the demo client's credentials. */
  env(extra?: Record<string, string | undefined>): Record<string, string | undefined>;
  close(): Promise<void>;
}

/** Starts the emulator on a free loopback port, the way the acceptance tests use it. */
export async function startEmulatorFixture(options: EmulatorOptions = {}): Promise<EmulatorFixture> {
  const emulator = await startEmulator({ port: 0, seed: 42, ...options });
  const client = options.clients?.[0] ?? DEMO_CLIENT;
  return {
    emulator,
    env: (extra = {}) => ({
      TIKTOK_API_BASE_URL: emulator.url,
      TIKTOK_CLIENT_KEY: client.clientKey,
      TIKTOK_CLIENT_SECRET: client.clientSecret,
      OBSERVATORY_PSEUDONYM_SALT: TEST_SALT,
      ...extra,
    }),
    close: () => emulator.close(),
  };
}
