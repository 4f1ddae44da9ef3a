import type { StderrLines } from "./stderr-lines.js";

/** The built-in emulator's fixed seed: the same command gives the same synthetic records. */
export const DEMO_SEED = 42;

export interface DemoEmulator {
  url: string;
  credentials: { clientKey: string; clientSecret: string };
  close(): Promise<void>;
}

/** Starts the TikTok emulator in this process (a free loopback port) and says loudly that data are synthetic. */
export async function startDemoEmulator(lines: StderrLines): Promise<DemoEmulator> {
  const { startEmulator, DEMO_CLIENT } = await import("@observatory/tiktok-emulator");
  const emulator = await startEmulator({ port: 0, seed: DEMO_SEED });
  lines.line(
    `SYNTHETIC DATA: no TIKTOK_CLIENT_KEY/TIKTOK_CLIENT_SECRET set, so this runs against the built-in TikTok Research API emulator (seed ${DEMO_SEED}, ${emulator.url}). Nothing collected here is real TikTok data; set your Research API credentials and OBSERVATORY_PSEUDONYM_SALT to collect for real.`,
  );
  return {
    url: emulator.url,
    credentials: { clientKey: DEMO_CLIENT.clientKey, clientSecret: DEMO_CLIENT.clientSecret },
    close: () => emulator.close(),
  };
}
