import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { systemBrowserCandidates } from '../../../src/main/cli/chromium';

/** Where the end-to-end tests' Chromium came from. */
export type BrowserSource = 'env' | 'system' | 'playwright';

/** The browser to run, or the one line that says what is missing and how to get it. */
export type BrowserChoice = { ok: true; path: string; source: BrowserSource } | { ok: false; message: string };

/** What `pickChromium` may look at; injected so a test can pretend to be any machine. */
export interface BrowserProbe {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  exists: (path: string) => boolean;
  /** Playwright's own Chromium path (installed or not), or undefined when playwright-core cannot say. */
  playwrightChromium: () => string | undefined;
}

/**
 * Picks the Chromium for the end-to-end tests, in order: `PLAYWRIGHT_CHROMIUM_EXECUTABLE`, a
 * system Chromium or Chrome, Playwright's own (`npx playwright install chromium`). A set but
 * missing `PLAYWRIGHT_CHROMIUM_EXECUTABLE` is an error rather than silently ignored.
 */
export function pickChromium(probe: BrowserProbe): BrowserChoice {
  const fromEnv = probe.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE?.trim();
  if (fromEnv) {
    if (probe.exists(fromEnv)) return { ok: true, path: fromEnv, source: 'env' };
    return { ok: false, message: `PLAYWRIGHT_CHROMIUM_EXECUTABLE is set to ${fromEnv}, which does not exist.` };
  }
  const system = systemBrowserCandidates(probe.platform, probe.env).find((path) => probe.exists(path));
  if (system) return { ok: true, path: system, source: 'system' };
  const bundled = probe.playwrightChromium();
  if (bundled && probe.exists(bundled)) return { ok: true, path: bundled, source: 'playwright' };
  return {
    ok: false,
    message:
      'No Chromium for the end-to-end tests: install Chromium or Google Chrome, run `npx playwright install chromium`, or set PLAYWRIGHT_CHROMIUM_EXECUTABLE to a Chromium binary.',
  };
}

/**
 * `pickChromium`, and when it finds nothing (with PLAYWRIGHT_CHROMIUM_EXECUTABLE unset), one
 * attempt to install Playwright's own Chromium before saying what is missing: on a fresh machine
 * with network access `npm test` gets its browser by itself. `install` reports success.
 */
export function findOrInstallChromium(probe: BrowserProbe, install: () => boolean): BrowserChoice {
  const first = pickChromium(probe);
  if (first.ok || probe.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE?.trim()) return first;
  if (!install()) return { ok: false, message: `${first.message} (Installing Playwright's Chromium failed — offline?)` };
  return pickChromium(probe);
}

/** `npx playwright install chromium`, with its progress on the terminal; true when it succeeded. */
function installPlaywrightChromium(): boolean {
  console.error("No Chromium or Chrome found for the end-to-end tests: installing Playwright's (npx playwright install chromium)…");
  try {
    const cli = require.resolve('@playwright/test/cli');
    return spawnSync(process.execPath, [cli, 'install', 'chromium'], { stdio: 'inherit' }).status === 0;
  } catch {
    return false;
  }
}

/** `findOrInstallChromium` on this machine. */
export function pickChromiumHere(): BrowserChoice {
  return findOrInstallChromium({
    env: process.env,
    platform: process.platform,
    exists: existsSync,
    playwrightChromium: () => {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return (require('playwright-core') as typeof import('playwright-core')).chromium.executablePath();
      } catch {
        return undefined;
      }
    },
  }, installPlaywrightChromium);
}

/** The path `pickChromiumHere` chose; when there is none, an Error with its one-line message. */
export function chromiumPathHere(): string {
  const choice = pickChromiumHere();
  if (!choice.ok) throw new Error(choice.message);
  return choice.path;
}
