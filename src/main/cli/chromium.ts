import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** System Chromium and Chrome locations per platform, most specific first. */
export function systemBrowserCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ];
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((root): root is string => Boolean(root));
    return roots.flatMap((root) => [join(root, 'Chromium', 'Application', 'chrome.exe'), join(root, 'Google', 'Chrome', 'Application', 'chrome.exe')]);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
}

/**
 * A local Chromium for `--format pdf|png` and `report --pdf`, found where the end-to-end tests
 * look (tests/e2e/harness/browser.ts reads the same `systemBrowserCandidates`):
 * `PLAYWRIGHT_CHROMIUM_EXECUTABLE`, then `STAGECRAFT_CHROMIUM`, then the system's usual install
 * paths. The CLI never downloads a browser; without one it says so and writes HTML.
 * `STAGECRAFT_CHROMIUM=none` turns discovery off (always write HTML).
 */
export function findChromium(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env.STAGECRAFT_CHROMIUM === 'none') return undefined;
  for (const candidate of [env.PLAYWRIGHT_CHROMIUM_EXECUTABLE, env.STAGECRAFT_CHROMIUM, ...systemBrowserCandidates(platform, env)]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** What to render: a PDF of the page, or a PNG screenshot of a given size. */
export type RenderTarget = { kind: 'pdf' } | { kind: 'png'; width: number; height: number };

/** Longest a headless render may take before it is given up, ms. */
export const RENDER_TIMEOUT_MS = 60_000;

/**
 * Renders an HTML string to `out` with headless Chromium (`--print-to-pdf` / `--screenshot`),
 * from a temp file so the page loads from disk and makes no network requests. Rejects with the
 * browser's stderr when it fails or times out.
 */
export async function renderWithChromium(executable: string, html: string, out: string, target: RenderTarget): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'stagecraft-render-'));
  try {
    const page = join(dir, 'page.html');
    await writeFile(page, html, 'utf8');
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-extensions',
      `--user-data-dir=${join(dir, 'profile')}`,
      ...(target.kind === 'pdf'
        ? ['--no-pdf-header-footer', '--print-to-pdf-no-header', `--print-to-pdf=${out}`]
        : [`--screenshot=${out}`, `--window-size=${target.width},${target.height}`, '--hide-scrollbars', '--force-device-scale-factor=2']),
      pathToFileURL(page).href,
    ];
    await new Promise<void>((resolvePromise, reject) => {
      const child = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.length > 20000) stderr = stderr.slice(-20000);
      });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`Chromium did not finish within ${RENDER_TIMEOUT_MS / 1000} s`));
      }, RENDER_TIMEOUT_MS);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0 && existsSync(out)) resolvePromise();
        else reject(new Error(`Chromium exited with code ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`));
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
