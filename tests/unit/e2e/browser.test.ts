import { describe, expect, it } from 'vitest';
import { findOrInstallChromium, pickChromium, type BrowserProbe } from '../../e2e/harness/browser';

const machine = (platform: NodeJS.Platform, files: string[], env: NodeJS.ProcessEnv = {}, bundled?: string): BrowserProbe => ({
  env,
  platform,
  exists: (path) => files.includes(path),
  playwrightChromium: () => bundled,
});

describe('picking a Chromium for the end-to-end tests', () => {
  it('prefers PLAYWRIGHT_CHROMIUM_EXECUTABLE', () => {
    const choice = pickChromium(machine('linux', ['/opt/c', '/usr/bin/chromium'], { PLAYWRIGHT_CHROMIUM_EXECUTABLE: '/opt/c' }));
    expect(choice).toEqual({ ok: true, path: '/opt/c', source: 'env' });
  });

  it('says so when PLAYWRIGHT_CHROMIUM_EXECUTABLE points nowhere', () => {
    const choice = pickChromium(machine('linux', ['/usr/bin/chromium'], { PLAYWRIGHT_CHROMIUM_EXECUTABLE: '/nope' }));
    expect(choice.ok).toBe(false);
  });

  it('finds Chrome on macOS without Debian Chromium', () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(pickChromium(machine('darwin', [chrome]))).toEqual({ ok: true, path: chrome, source: 'system' });
  });

  it('finds Chrome under Program Files on Windows', () => {
    const chrome = 'C:\\Program Files/Google/Chrome/Application/chrome.exe';
    const choice = pickChromium(machine('win32', [chrome], { PROGRAMFILES: 'C:\\Program Files' }));
    expect(choice.ok && choice.source).toBe('system');
  });

  it("falls back to Playwright's own browser", () => {
    expect(pickChromium(machine('linux', ['/pw/chrome'], {}, '/pw/chrome'))).toEqual({ ok: true, path: '/pw/chrome', source: 'playwright' });
  });

  it('says in one line what is missing and how to get it', () => {
    const choice = pickChromium(machine('linux', [], {}, '/pw/not-installed'));
    expect(choice.ok).toBe(false);
    if (!choice.ok) {
      expect(choice.message).not.toContain('\n');
      expect(choice.message).toContain('npx playwright install chromium');
    }
  });

  it("installs Playwright's Chromium when nothing is found, then uses it", () => {
    const files: string[] = [];
    const probe = { ...machine('linux', files, {}, '/pw/chrome'), exists: (path: string) => files.includes(path) };
    let installs = 0;
    const choice = findOrInstallChromium(probe, () => {
      installs++;
      files.push('/pw/chrome');
      return true;
    });
    expect(installs).toBe(1);
    expect(choice).toEqual({ ok: true, path: '/pw/chrome', source: 'playwright' });
  });

  it('installs nothing when a browser is found or PLAYWRIGHT_CHROMIUM_EXECUTABLE is set, and says so in one line when installing fails', () => {
    const never = (): boolean => {
      throw new Error('must not install');
    };
    expect(findOrInstallChromium(machine('linux', ['/usr/bin/chromium']), never).ok).toBe(true);
    expect(findOrInstallChromium(machine('linux', [], { PLAYWRIGHT_CHROMIUM_EXECUTABLE: '/nope' }), never).ok).toBe(false);
    const offline = findOrInstallChromium(machine('linux', [], {}, '/pw/chrome'), () => false);
    expect(offline.ok).toBe(false);
    if (!offline.ok) {
      expect(offline.message).not.toContain('\n');
      expect(offline.message).toContain('npx playwright install chromium');
      expect(offline.message).toContain('failed');
    }
  });
});
