import { expect, type Locator, type Page } from '@playwright/test';

/** The process library screen. */
export class LibraryPage {
  constructor(private readonly page: Page) {}

  /** The library itself (`#/`): a bare URL opens the last or only process instead. */
  async goto(url: string): Promise<void> {
    await this.page.goto(new URL('#/', url).toString());
    await expect(this.page.getByRole('heading', { name: 'Processes' })).toBeVisible();
  }

  rows(): Locator {
    return this.page.getByTestId('process-row');
  }

  row(name: string): Locator {
    return this.rows().filter({ has: this.page.getByRole('button', { name, exact: true }) });
  }

  async create(name: string, template: 'empty' | 'sample' = 'empty'): Promise<void> {
    await this.page.getByLabel('Name', { exact: true }).fill(name);
    await this.page.getByLabel('Start from').selectOption(template);
    await this.page.getByRole('button', { name: 'Create process' }).click();
  }

  async open(name: string): Promise<void> {
    await this.row(name).getByRole('button', { name: 'Open' }).click();
  }

  async rename(from: string, to: string): Promise<void> {
    await this.page.getByRole('button', { name: `Rename ${from}` }).click();
    const input = this.page.getByLabel(`New name for ${from}`);
    await input.fill(to);
    await input.press('Enter');
  }

  async duplicate(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Duplicate ${name}` }).click();
  }

  async delete(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Delete ${name}` }).click();
    await this.page.getByRole('dialog').getByRole('button', { name: 'Delete process' }).click();
  }
}
