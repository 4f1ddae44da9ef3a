import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** Why browser tests cannot run here (null: they can). With CI=true the caller fails instead of skipping. */
export function chromiumSkipReason(): string | null {
  return existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing: apt-get install -y chromium`;
}

/** Debian's chromium, headless, with nothing that reaches out (no downloads, no sync, no QUIC). */
/** A fresh profile directory is the context's `--user-data-dir` (Playwright passes it). */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "dashboard-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
