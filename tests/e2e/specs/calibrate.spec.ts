import { resolve } from 'node:path';
import { test, expect } from '../harness/fixtures';
import { LibraryPage } from '../pages/LibraryPage';
import { EditorPage } from '../pages/EditorPage';
import { CalibrationDialog } from '../pages/CalibrationDialog';
import { FileMenu } from '../pages/FileMenu';

const HISTORY = resolve(__dirname, '../../fixtures/history');
const SAMPLE = 'Lead to cash — B2B software (sample)';

test('calibrating from OpportunityFieldHistory shows model vs observed with n, and applies as one undo step', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);
  await library.open(SAMPLE);
  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  const calibration = new CalibrationDialog(page);
  await calibration.open();
  await calibration.choose(`${HISTORY}/opportunity-field-history.csv`);

  const summary = calibration.dialog().getByTestId('calibration-summary');
  await expect(summary).toContainText('Salesforce OpportunityFieldHistory');
  await expect(summary).toContainText(/\d+ deals/);
  // Model and observed side by side, with the deals behind each figure; a clear difference stands out.
  const changed = calibration.dialog().getByTestId('calibration-transition').filter({ has: page.locator('td.differs') }).first();
  const [model, observed, evidence] = await changed.locator('td.num').allInnerTexts();
  expect(model).toMatch(/%$/);
  expect(observed).toMatch(/%$/);
  expect(observed).not.toEqual(model);
  expect(evidence).toMatch(/^\d+ of \d+/);
  await expect(calibration.dialog().getByText('⚠ few').first()).toBeVisible();
  await expect(calibration.dialog().getByTestId('calibration-stage').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/calibration.png' });

  const edgeLabelBefore = await page.locator('.react-flow__edgelabel-renderer').innerText();
  expect(edgeLabelBefore).not.toContain(observed!);
  await calibration.dialog().getByRole('button', { name: 'Apply all observed figures' }).click();
  await expect(calibration.dialog()).toBeHidden();
  await expect(page.getByText('Applied the observed figures')).toBeVisible();
  // The canvas now carries the observed share.
  await expect(page.locator('.react-flow__edgelabel-renderer')).toContainText(observed!);
  const edgeLabelAfter = await page.locator('.react-flow__edgelabel-renderer').innerText();
  expect(edgeLabelAfter).not.toEqual(edgeLabelBefore);

  // The workshop report now carries the observed-vs-model figures.
  const report = await new FileMenu(page).download(/workshop report \(HTML\)/);
  expect(report.text).toMatch(/\d+ deals \(\d+ won, \d+ lost, \d+ still open\)/);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => page.locator('.react-flow__edgelabel-renderer').innerText()).toEqual(edgeLabelBefore);
});

test('a history with stages the process lacks asks for a map and changes nothing until applied', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);
  await page.getByLabel('Name', { exact: true }).fill('Tiny');
  await page.getByRole('button', { name: 'Create process' }).click();
  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  const calibration = new CalibrationDialog(page);
  await calibration.open();
  await calibration.choose(`${HISTORY}/opportunity-field-history.csv`);
  await expect(calibration.dialog().getByRole('region', { name: 'Stage names' })).toContainText('Qualified');
  await expect(calibration.dialog().getByRole('button', { name: 'Apply all observed figures' })).toBeDisabled();
  await calibration.dialog().getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
});
