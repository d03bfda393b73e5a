import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium, the only browser the console tests drive (Playwright's own download is not reachable). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet headless Chromium in a closed network (without them it keeps calling home). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/**
 * Makes sure Debian's `chromium` is installed, installing it with apt-get when missing (the tests run as root on a
 * Debian 12 machine). Throws — never skips — when it still is not there, with apt's output.
 */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let log = '';
  for (const args of [
    ['install', '-y', '-q', 'chromium'],
    ['update', '-q'],
    ['install', '-y', '-q', 'chromium'],
  ]) {
    if (existsSync(CHROMIUM_PATH)) break;
    try {
      log += execFileSync('apt-get', args, {
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 15 * 60_000,
      });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      log += `${e.stdout ?? ''}${e.stderr ?? ''}${e.message}\n`;
    }
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is required for the console tests and could not be installed with apt-get (need root and the Debian archive):\n${log.slice(-4000)}`,
    );
  }
  return CHROMIUM_PATH;
}

/** A headless Chromium with a fresh, empty profile; `close()` removes the profile. */
export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Debian's Chromium through playwright-core with {@link CHROMIUM_ARGS} and a new empty user-data-dir. */
export async function launchTestBrowser(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<TestBrowser> {
  const executablePath = ensureChromium();
  const profile = mkdtempSync(join(tmpdir(), 'memp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
