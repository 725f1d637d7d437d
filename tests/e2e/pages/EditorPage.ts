import { expect, type Locator, type Page } from '@playwright/test';

/** The editor: canvas, top bar and side panel of one open process. */
export class EditorPage {
  constructor(readonly page: Page) {}

  stageNodes(): Locator {
    return this.page.locator('.react-flow__node');
  }

  stage(name: string): Locator {
    return this.page.locator(`.react-flow__node:has([data-stage-name="${name}"])`);
  }

  edges(): Locator {
    return this.page.locator('.react-flow__edge');
  }

  saveStatus(): Locator {
    return this.page.getByTestId('save-status');
  }

  async waitUntilSaved(): Promise<void> {
    await expect(this.saveStatus()).toHaveText('Saved', { timeout: 10_000 });
  }

  async waitForCanvas(): Promise<void> {
    await expect(this.page.getByTestId('canvas')).toBeVisible();
    await expect(this.stageNodes().first()).toBeVisible();
  }

  tab(name: RegExp | string): Locator {
    return this.page.getByRole('tab', { name });
  }

  async backToLibrary(): Promise<void> {
    await this.page.getByRole('button', { name: 'Back to the process library' }).click();
  }
}
