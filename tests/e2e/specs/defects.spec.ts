import { execFileSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '../harness/fixtures';
import { LibraryPage } from '../pages/LibraryPage';
import { EditorPage } from '../pages/EditorPage';

const SAMPLE = 'Lead to cash — B2B software (sample)';
const CLI = resolve(__dirname, '../../../out/main/cli.js');

async function openSample(page: Page, url: string): Promise<EditorPage> {
  const library = new LibraryPage(page);
  await library.goto(url);
  await library.open(SAMPLE);
  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  return editor;
}

test('the inspector follows the selected stage instead of keeping the previous field', async ({ page, host }) => {
  const editor = await openSample(page, host.url);
  await editor.stage('Closed Won').click();
  await page.getByTestId('stage-inspector').getByRole('button', { name: 'PO number', exact: true }).click();
  await expect(page.getByTestId('field-form').getByRole('heading')).toHaveText('PO number');
  await editor.stage('Negotiation').click();
  await expect(page.getByTestId('field-form')).toHaveCount(0);
  await expect(page.getByTestId('stage-inspector').getByLabel('Name', { exact: true })).toHaveValue('Negotiation');
});

test('after undo an inspector input shows the undone value and the next keystroke builds on it', async ({ page, host }) => {
  const editor = await openSample(page, host.url);
  await editor.stage('Lead').click();
  await page.getByRole('button', { name: '+ Add field' }).click();
  const label = page.getByTestId('field-form').getByLabel('Label');
  await label.fill('Budget owner');
  await label.blur();
  await page.locator('body').press('Control+z');
  await expect(page.getByTestId('field-form').getByRole('heading')).toHaveText('New field');
  await expect(label).toHaveValue('New field');
  await label.press('End');
  await label.press('X');
  await expect(page.getByTestId('field-form').getByRole('heading')).toHaveText('New fieldX');
});

test('Esc clears selected transitions, so Delete afterwards removes nothing', async ({ page, host }) => {
  const editor = await openSample(page, host.url);
  const before = await editor.edges().count();
  // The longest edge, clicked near its start: the middle carries the probability label, which edits.
  let widest = 0;
  let widestWidth = 0;
  for (let i = 0; i < before; i++) {
    const width = (await editor.edges().nth(i).locator('.react-flow__edge-interaction').boundingBox())?.width ?? 0;
    if (width > widestWidth) [widest, widestWidth] = [i, width];
  }
  const edge = editor.edges().nth(widest);
  const path = edge.locator('.react-flow__edge-interaction');
  const box = await path.boundingBox();
  if (!box) throw new Error('edge not visible');
  const start = await path.evaluate((el) => {
    const p = (el as SVGPathElement).getPointAtLength(12);
    const m = (el as SVGGraphicsElement).getScreenCTM()!;
    return { x: p.x * m.a + m.e, y: p.y * m.d + m.f };
  });
  await page.mouse.click(start.x, start.y);
  await expect(edge).toHaveClass(/selected/);
  await expect(page.getByTestId('transition-inspector')).toBeVisible();
  // Focus elsewhere (the user clicked into the panel and back out): React Flow's own edge
  // handler no longer sees the key, only the editor's shortcut does.
  await page.evaluate(() => (document.activeElement as HTMLElement | SVGElement | null)?.blur());
  await page.locator('body').press('Escape');
  await expect(page.getByTestId('transition-inspector')).toHaveCount(0);
  await expect(edge).not.toHaveClass(/selected/);
  await page.locator('body').press('Delete');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(editor.edges()).toHaveCount(before);
});

for (const width of [1280, 1440]) {
  test(`the register shows finance's columns at ${width} px with the side panel open`, async ({ page, host }) => {
    await page.setViewportSize({ width, height: 800 });
    await openSample(page, host.url);
    await page.getByRole('button', { name: 'Field register' }).click();
    const register = page.getByTestId('field-register');
    await register.getByLabel('Show', { exact: true }).selectOption('overdue');
    const scroll = await register.locator('.register-scroll').boundingBox();
    if (!scroll) throw new Error('register not visible');
    for (const name of ['Value to the rep', 'Rep time a month', 'Status', 'Review by']) {
      const header = register.getByRole('columnheader', { name: new RegExp(name) });
      const box = await header.boundingBox();
      expect(box, name).not.toBeNull();
      expect(box!.x + box!.width, `${name} right edge`).toBeLessThanOrEqual(scroll.x + scroll.width + 1);
    }
    // Under the overdue filter the reason is visible.
    await expect(register.getByTestId('register-row').first().getByText('overdue', { exact: true })).toBeInViewport();
    await page.screenshot({ path: `test-results/screens/register-${width}.png` });
  });
}

test('each near-duplicate pair is listed once in Problems', async ({ page, host }) => {
  const editor = await openSample(page, host.url);
  await editor.tab(/Problems/).click();
  const items = page.getByTestId('problems').locator('li', { hasText: 'looks like' });
  await expect(items).toHaveCount(2);
});

test('the register of a process without fields says so instead of "No field matches"', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);
  await library.create('Empty register');
  await new EditorPage(page).waitForCanvas();
  await page.getByRole('button', { name: 'Field register' }).click();
  const register = page.getByTestId('field-register');
  await expect(register.getByText('No field matches')).toHaveCount(0);
  await expect(register.getByText(/No fields yet/)).toBeVisible();
});

test('importing a file whose name is taken names the copy "(imported 2)", then "(imported 3)"', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);
  const file = join(host.workspace, '..', `stagecraft-import-${Date.now()}.json`);
  await writeFile(file, execFileSync(process.execPath, [CLI, 'sample']));
  const chooser = page.locator('input[type="file"]');
  await chooser.setInputFiles(file);
  await expect(library.row(`${SAMPLE} (imported 2)`)).toHaveCount(1);
  await chooser.setInputFiles(file);
  await expect(library.row(`${SAMPLE} (imported 3)`)).toHaveCount(1);
  await expect(library.row(SAMPLE)).toHaveCount(1);
  await rm(file, { force: true });
});

test('the banner about a corrupt file with no backup can be dismissed and stays dismissed', async ({ page, host }) => {
  await writeFile(join(host.workspace, 'broken-process.json'), '{ "schemaVersion": 2, "name": ');
  const library = new LibraryPage(page);
  await library.goto(host.url);
  const banner = page.getByRole('alert').filter({ hasText: 'broken-process.json' });
  await expect(banner).toContainText('No earlier version is available');
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Processes' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'broken-process.json' })).toHaveCount(0);
});

test('starting the app opens the only process, and later the last one opened', async ({ page, host }) => {
  await page.goto(host.url);
  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(SAMPLE);

  const library = new LibraryPage(page);
  await editor.backToLibrary();
  await library.create('Second process');
  await editor.waitForCanvas();
  await page.goto('about:blank');
  await page.goto(host.url);
  await editor.waitForCanvas();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Second process');
});

test('a drag is one undo step, committed when it ends', async ({ page, host }) => {
  const editor = await openSample(page, host.url);
  const node = editor.stage('Qualified');
  const before = await node.boundingBox();
  if (!before) throw new Error('node not visible');
  await page.mouse.move(before.x + 30, before.y + 12);
  await page.mouse.down();
  await page.mouse.move(before.x + 30, before.y + 90, { steps: 10 });
  await page.mouse.up();
  await expect.poll(async () => Math.round(((await node.boundingBox())?.y ?? 0) - before.y)).toBeGreaterThan(40);
  await page.locator('body').press('Control+z');
  await expect.poll(async () => Math.round((await node.boundingBox())?.y ?? 0)).toBe(Math.round(before.y));
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
});

test('won and lost stages offer no days in stage, since the engines count none there', async ({ page, host }) => {
  const editor = await openSample(page, host.url);
  await editor.stage('Negotiation').click();
  await expect(page.getByTestId('stage-inspector').getByLabel('Days in stage')).toBeVisible();
  await editor.stage('Closed Won').click();
  await expect(page.getByTestId('stage-inspector').getByLabel('Name', { exact: true })).toHaveValue('Closed Won');
  await expect(page.getByTestId('stage-inspector').getByLabel('Days in stage')).toHaveCount(0);
  await expect(page.getByTestId('terminal-days-note')).toContainText('no days pass here');
});
