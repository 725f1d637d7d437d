import { expect, type Locator, type Page } from '@playwright/test';

/** The CRM field import wizard. */
export class ImportWizard {
  constructor(readonly page: Page) {}

  dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Import fields from a CRM' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: /^File/ }).click();
    await this.page.getByRole('menuitem', { name: /Import fields from a CRM export/ }).click();
    await expect(this.dialog()).toBeVisible();
  }

  async choose(paths: string[]): Promise<void> {
    await this.dialog().getByTestId('import-files').setInputFiles(paths);
  }

  filesTable(): Locator {
    return this.dialog().getByRole('table', { name: 'Chosen files' });
  }

  async next(): Promise<void> {
    await this.dialog().getByRole('button', { name: 'Next ›' }).click();
  }

  step(name: string): Locator {
    return this.dialog().getByRole('region', { name });
  }

  confirmButton(): Locator {
    return this.dialog().getByRole('button', { name: /^Import \d+ new/ });
  }

  error(): Locator {
    return this.dialog().getByTestId('import-error');
  }
}
