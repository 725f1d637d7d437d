import { expect, type Locator, type Page } from '@playwright/test';
import { EditorPage } from './EditorPage';
import { RegisterPage } from './RegisterPage';

/** The facilitator's side of a live workshop: the start dialog and the Workshop panel. */
export class FacilitatorPage {
  readonly editor: EditorPage;
  readonly register: RegisterPage;

  constructor(readonly page: Page) {
    this.editor = new EditorPage(page);
    this.register = new RegisterPage(page);
  }

  /** Starts the workshop from the keyboard (Shift+W) on `address`; returns the join and observer URLs. */
  async start(address: string): Promise<{ joinUrl: string; observerUrl: string }> {
    await this.page.locator('body').press('Shift+W');
    const dialog = this.page.getByRole('dialog', { name: 'Start a live workshop' });
    await dialog.getByLabel('Another address').check();
    await dialog.getByLabel('IP address').fill(address);
    await dialog.getByRole('button', { name: 'Open the room' }).click();
    const open = this.page.getByRole('dialog', { name: 'The room is open' });
    const joinUrl = (await open.locator('output[aria-label="Join link"]').innerText()).trim();
    const observerUrl = (await open.locator('output[aria-label="Observer link"]').innerText()).trim();
    return { joinUrl, observerUrl };
  }

  joinDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'The room is open' });
  }

  panel(): Locator {
    return this.page.getByTestId('workshop-panel');
  }

  async showPanel(): Promise<void> {
    await this.editor.tab('Workshop').click();
    await expect(this.panel()).toBeVisible();
  }

  participant(name: string): Locator {
    return this.panel().getByTestId('participant').filter({ hasText: name });
  }
}

/** A participant's (or observer's) browser: the join form, then the room's restricted editor. */
export class ParticipantPage {
  readonly editor: EditorPage;
  readonly register: RegisterPage;

  constructor(readonly page: Page) {
    this.editor = new EditorPage(page);
    this.register = new RegisterPage(page);
  }

  /** Opens the join link and fills the join form. */
  async join(joinUrl: string, name: string, department: string): Promise<void> {
    await this.page.goto(joinUrl);
    await expect(this.page.getByRole('heading', { level: 1 })).toBeVisible();
    await this.page.getByLabel('Your name').fill(name);
    await this.page.getByRole('radio', { name: department, exact: true }).check();
    await this.page.getByRole('button', { name: 'Join the workshop' }).click();
    await this.editor.waitForCanvas();
    await expect(this.badge()).toHaveText(/Live/, { timeout: 10_000 });
  }

  badge(): Locator {
    return this.page.getByTestId('connection-badge').first();
  }

  /** The row actions of a field in the register. */
  say(label: string): Locator {
    return this.register.row(label).getByTestId('quick-actions');
  }
}
