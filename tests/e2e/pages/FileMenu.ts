import { readFile } from 'node:fs/promises';
import type { Download, Locator, Page } from '@playwright/test';

/** A file the app handed to the browser's download, read back for assertions. */
export interface Downloaded {
  name: string;
  bytes: Buffer;
  text: string;
}

/** Reads a finished download. */
export async function readDownload(download: Download): Promise<Downloaded> {
  const path = await download.path();
  const bytes = await readFile(path);
  return { name: download.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  if (bytes.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error('not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The editor's File menu (imports and exports) and the export dialogs it opens. */
export class FileMenu {
  constructor(readonly page: Page) {}

  button(): Locator {
    return this.page.getByRole('button', { name: /^File/ });
  }

  item(name: string | RegExp): Locator {
    return this.page.getByRole('menu', { name: 'File' }).getByRole('menuitem', { name });
  }

  /** Chooses a menu item and returns what it downloaded. */
  async download(name: string | RegExp): Promise<Downloaded> {
    await this.button().click();
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.item(name).click()]);
    return readDownload(download);
  }

  /** Exports the stage graph through the image dialog. */
  async image(options: { format: 'PNG' | 'SVG'; scale?: 1 | 2 | 3; heat?: boolean }): Promise<Downloaded> {
    await this.button().click();
    await this.item(/stage graph as image/).click();
    const dialog = this.page.getByRole('dialog', { name: 'Export the stage graph as an image' });
    await dialog.getByRole('radio', { name: new RegExp(`^${options.format}`) }).check();
    if (options.scale) await dialog.getByRole('radio', { name: `${options.scale}×` }).check();
    if (options.heat !== undefined) await dialog.getByRole('checkbox', { name: /Heat view/ }).setChecked(options.heat);
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      dialog.getByRole('button', { name: `Export ${options.format}` }).click(),
    ]);
    return readDownload(download);
  }
}
