import { expect, type Locator, type Page } from '@playwright/test';

/** The calibration dialog: a stage history against the model. */
export class CalibrationDialog {
  constructor(readonly page: Page) {}

  dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Calibrate from stage history' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: /^File/ }).click();
    await this.page.getByRole('menuitem', { name: /Calibrate from stage history/ }).click();
    await expect(this.dialog()).toBeVisible();
  }

  async choose(path: string): Promise<void> {
    await this.dialog().getByTestId('history-file').setInputFiles(path);
  }

  /** The transition row from → to (stage names as shown). */
  transition(to: string): Locator {
    return this.dialog().getByTestId('calibration-transition').filter({ has: this.page.getByRole('cell', { name: to, exact: true }) });
  }
}
