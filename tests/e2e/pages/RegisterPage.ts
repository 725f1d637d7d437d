import { expect, type Locator, type Page } from '@playwright/test';

/** The field register: filters, rows, selection and bulk actions. */
export class RegisterPage {
  constructor(readonly page: Page) {}

  root(): Locator {
    return this.page.getByTestId('field-register');
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Field register' }).click();
    await expect(this.root()).toBeVisible();
  }

  async show(what: 'all' | 'flagged' | 'unjustified' | 'challenged' | 'overdue'): Promise<void> {
    await this.root().getByLabel('Show', { exact: true }).selectOption(what);
  }

  async search(text: string): Promise<void> {
    await this.root().getByLabel('Search').fill(text);
  }

  /** "N of M shown" as numbers. */
  async counts(): Promise<{ shown: number; total: number }> {
    const text = await this.root().getByTestId('register-count').innerText();
    const match = /(\d+) of (\d+) shown/.exec(text);
    return { shown: Number(match?.[1]), total: Number(match?.[2]) };
  }

  row(label: string): Locator {
    return this.root().getByTestId('register-row').filter({ has: this.page.getByRole('button', { name: label, exact: true }) });
  }

  async select(label: string): Promise<void> {
    await this.row(label).getByRole('checkbox', { name: `Select ${label}` }).check();
  }

  bulkBar(): Locator {
    return this.root().getByTestId('bulk-bar');
  }
}
