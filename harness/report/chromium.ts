// Headless Chromium for pixel diffs and the dashboard's browser tests: the system's Debian package
// (.ci/setup installs it), driven by playwright-core, which never downloads a browser of its own.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.LAB_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const chromiumAvailable = () => existsSync(CHROMIUM);

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh browser with its own throwaway profile (--user-data-dir), removed on close. */
export async function launchChromium(viewport = { width: 1400, height: 1000 }): Promise<Chromium> {
  if (!chromiumAvailable()) throw new Error(`no chromium at ${CHROMIUM}: run bash .ci/setup (apt-get install -y chromium) or set LAB_CHROMIUM`);
  const profile = mkdtempSync(path.join(os.tmpdir(), 'lab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor: 1,
    colorScheme: 'light',
    timeout: 60_000,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
