import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, type BrowserWindowConstructorOptions } from 'electron';
import { paperForLocale } from '../shared/io/paper';
import type { SavePdf } from './api/handlers';

/**
 * The report and handout are self-contained HTML written by src/shared/io, but they embed user
 * text, so they are rendered like untrusted content: nothing may run, load from elsewhere or
 * reach Node.
 */
export const PDF_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:";

/** A window that is never shown and can only lay out static HTML. */
export function pdfWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 1024,
    height: 1400,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      javascript: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      images: true,
    },
  };
}

/** Puts the CSP first in `<head>` (or in front of the document) so it governs everything after it. */
export function withCsp(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${PDF_CSP}">`;
  const head = /<head[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + meta + html.slice(head.index + head[0].length);
  return `<!doctype html><html><head>${meta}</head><body>${html}</body></html>`;
}

export interface PdfSaverDeps {
  /** Where the temporary HTML goes (a file, not a data: URL, which Chromium caps at 2 MB). */
  tempRoot?: string;
  locale?: () => string;
}

/**
 * `report:save-pdf` for the Electron shell: ask where to save, render the HTML in a hidden
 * sandboxed window, `printToPDF`, write the bytes to the chosen path. Cancel writes nothing and
 * renders nothing.
 */
export function createPdfSaver(deps: PdfSaverDeps = {}): SavePdf {
  return async ({ html, suggestedName, paper }) => {
    const parent = BrowserWindow.getFocusedWindow();
    const options = {
      title: 'Save as PDF',
      defaultPath: /\.pdf$/i.test(suggestedName) ? suggestedName : `${suggestedName}.pdf`,
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    };
    const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { path: null };

    const dir = await mkdtemp(join(deps.tempRoot ?? tmpdir(), 'stagecraft-pdf-'));
    const window = new BrowserWindow(pdfWindowOptions());
    try {
      const contents = window.webContents;
      contents.setWindowOpenHandler(() => ({ action: 'deny' }));
      contents.on('will-navigate', (event) => event.preventDefault());
      const page = join(dir, 'document.html');
      await writeFile(page, withCsp(html), 'utf8');
      await window.loadFile(page);
      const pdf = await contents.printToPDF({
        pageSize: paper ?? paperForLocale((deps.locale ?? (() => app.getLocale()))()),
        printBackground: true,
        preferCSSPageSize: false,
      });
      await writeFile(choice.filePath, pdf);
      return { path: choice.filePath };
    } finally {
      window.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  };
}
