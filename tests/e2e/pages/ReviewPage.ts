import { expect, type Locator, type Page } from '@playwright/test';

/** "Who is acting" and the Review area (History, Proposals, Comments) of one open process. */
export class ReviewPage {
  constructor(readonly page: Page) {}

  identityDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Who is acting?' });
  }

  /** Answers the identity question, whether it opened by itself or not. */
  async answerIdentity(name: string, department: string): Promise<void> {
    const dialog = this.identityDialog();
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Your name').fill(name);
    await dialog.getByLabel('Department').selectOption({ label: department });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
  }

  /** Changes who is acting from the top bar. */
  async actAs(name: string, department: string): Promise<void> {
    await this.page.getByTestId('identity').click();
    await this.answerIdentity(name, department);
    await expect(this.page.getByTestId('identity')).toContainText(name);
  }

  async open(tab: 'History' | 'Proposals' | 'Comments'): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Review', exact: true }).click();
    const view = this.page.getByTestId('review-view');
    await view.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
    return view;
  }

  historyRows(): Locator {
    return this.page.getByTestId('history-row');
  }

  /** Fills and confirms the reason dialog that opened for an action. */
  async giveReason(title: string | RegExp, reason: string, confirm: string): Promise<void> {
    const dialog = this.page.getByRole('dialog', { name: title });
    await expect(dialog).toBeVisible();
    if (reason) await dialog.getByRole('textbox').fill(reason);
    await dialog.getByRole('button', { name: confirm, exact: true }).click();
    await expect(dialog).toBeHidden();
  }
}
