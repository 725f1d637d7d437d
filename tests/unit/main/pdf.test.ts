import { beforeEach, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({
  windows: [] as Array<{ options: unknown; loaded: string | null; html: string | null; destroyed: boolean; printOptions: unknown }>,
  saveResult: { canceled: false, filePath: '' } as { canceled: boolean; filePath?: string },
}));

vi.mock('electron', async () => {
  const { readFileSync } = await import('node:fs');
  class FakeWindow {
    record: (typeof state.windows)[number];
    webContents: { setWindowOpenHandler: ReturnType<typeof vi.fn>; on: ReturnType<typeof vi.fn>; printToPDF: ReturnType<typeof vi.fn> };
    constructor(options: unknown) {
      this.record = { options, loaded: null, html: null, destroyed: false, printOptions: null };
      state.windows.push(this.record);
      this.webContents = {
        setWindowOpenHandler: vi.fn(),
        on: vi.fn(),
        printToPDF: vi.fn(async (opts: unknown) => {
          this.record.printOptions = opts;
          return Buffer.from(`%PDF-1.7 fake ${this.record.html?.length ?? 0}`);
        }),
      };
    }
    async loadFile(file: string) {
      this.record.loaded = file;
      this.record.html = readFileSync(file, 'utf8');
    }
    destroy() {
      this.record.destroyed = true;
    }
    static getFocusedWindow = vi.fn(() => null);
  }
  return {
    app: { getLocale: vi.fn(() => 'en-US') },
    BrowserWindow: FakeWindow,
    dialog: { showSaveDialog: vi.fn(async () => state.saveResult) },
  };
});

import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dialog } from 'electron';
import { createPdfSaver, pdfWindowOptions, withCsp } from '../../../src/main/pdf';
import { paperForLocale } from '../../../src/shared/io/paper';
import { tempDir } from './helpers';

const HTML = '<!doctype html><html><head><title>Report</title></head><body><h1>Workshop</h1><script>alert(1)</script></body></html>';

beforeEach(() => {
  state.windows.length = 0;
  vi.mocked(dialog.showSaveDialog).mockClear();
});

describe('Electron PDF export (report:save-pdf)', () => {
  it('renders in a hidden window that runs no script, has no Node and is sandboxed', () => {
    const options = pdfWindowOptions();
    expect(options.show).toBe(false);
    expect(options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true, webviewTag: false });
    expect(options.webPreferences?.preload).toBeUndefined();
  });

  it('puts a Content-Security-Policy first in the head that forbids scripts and remote loads', () => {
    const out = withCsp(HTML);
    expect(out.indexOf('Content-Security-Policy')).toBeLessThan(out.indexOf('<title>'));
    expect(out).toContain("default-src 'none'");
    expect(out).not.toMatch(/script-src/);
    expect(withCsp('<p>bare</p>')).toMatch(/^<!doctype html><html><head><meta http-equiv="Content-Security-Policy"/);
  });

  it('prints to PDF with backgrounds on the paper of the locale and writes the bytes to the chosen path', async () => {
    const dir = await tempDir();
    const tempRoot = await tempDir();
    const target = join(dir, 'chosen.pdf');
    state.saveResult = { canceled: false, filePath: target };

    const result = await createPdfSaver({ tempRoot, locale: () => 'en-US' })({ html: HTML, suggestedName: 'pipeline-report' });

    expect(result).toEqual({ path: target });
    expect(vi.mocked(dialog.showSaveDialog).mock.calls[0]![0]).toMatchObject({ defaultPath: 'pipeline-report.pdf', filters: [{ name: 'PDF', extensions: ['pdf'] }] });
    expect(state.windows).toHaveLength(1);
    const win = state.windows[0]!;
    expect(win.printOptions).toMatchObject({ pageSize: 'Letter', printBackground: true });
    expect(win.html).toContain('Content-Security-Policy');
    expect(win.html).toContain('<h1>Workshop</h1>');
    expect(win.destroyed).toBe(true);
    expect((await readFile(target, 'utf8')).startsWith('%PDF-1.7 fake')).toBe(true);
    // The temporary page is gone once the PDF is written.
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it('takes the paper from the option over the locale, and A4 for a German locale', async () => {
    const dir = await tempDir();
    state.saveResult = { canceled: false, filePath: join(dir, 'a.pdf') };
    await createPdfSaver({ locale: () => 'de-DE' })({ html: HTML, suggestedName: 'a.pdf' });
    await createPdfSaver({ locale: () => 'de-DE' })({ html: HTML, suggestedName: 'a.pdf', paper: 'Letter' });
    expect(state.windows.map((w) => (w.printOptions as { pageSize: string }).pageSize)).toEqual(['A4', 'Letter']);
    expect(vi.mocked(dialog.showSaveDialog).mock.calls[0]![0]).toMatchObject({ defaultPath: 'a.pdf' });
  });

  it('writes nothing and renders nothing when the save dialog is cancelled', async () => {
    const dir = await tempDir();
    const target = join(dir, 'never.pdf');
    state.saveResult = { canceled: true, filePath: target };

    const result = await createPdfSaver()({ html: HTML, suggestedName: 'report' });

    expect(result).toEqual({ path: null });
    expect(state.windows).toHaveLength(0);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('paperForLocale', () => {
  it.each([
    ['en-US', 'Letter'],
    ['en_CA', 'Letter'],
    ['es-MX', 'Letter'],
    ['en-GB', 'A4'],
    ['de-DE', 'A4'],
    ['fr', 'A4'],
    ['', 'A4'],
    [undefined, 'A4'],
  ])('%s prints on %s', (locale, paper) => {
    expect(paperForLocale(locale)).toBe(paper);
  });
});
