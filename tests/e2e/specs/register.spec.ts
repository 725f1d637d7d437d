import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '../harness/fixtures';
import { LibraryPage } from '../pages/LibraryPage';
import { EditorPage } from '../pages/EditorPage';

const SAMPLE = 'Lead to cash — B2B software (sample)';

test('the field register lists every field with its reason and cost, and finds the unjustified ones', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);
  await library.open(SAMPLE);
  const editor = new EditorPage(page);
  await editor.waitForCanvas();

  await page.getByRole('button', { name: 'Field register' }).click();
  const register = page.getByTestId('field-register');
  const rows = register.getByTestId('register-row');
  // Only the rows in view are rendered; the count line names them all.
  await expect(register.getByTestId('register-count')).toContainText('37 of 37 shown');
  expect(await rows.count()).toBeGreaterThan(5);
  // Heaviest first by default: the first row costs at least as much as the second.
  const minutes = async (index: number): Promise<number> =>
    Number.parseFloat((await rows.nth(index).locator('td.num').innerText()).split(' ')[0] ?? 'NaN');
  expect(await minutes(0)).toBeGreaterThanOrEqual(await minutes(1));

  await register.getByLabel('Show', { exact: true }).selectOption('flagged');
  const flagged = Number(/(\d+) of 37 shown/.exec(await register.getByTestId('register-count').innerText())?.[1]);
  expect(flagged).toBeGreaterThan(0);
  expect(flagged).toBeLessThan(37);
  await expect(register.getByText('Nobody has said').first()).toBeVisible();
  const violations = (await new AxeBuilder({ page }).analyze()).violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  expect(violations.map((violation) => violation.id)).toEqual([]);
  await page.screenshot({ path: 'test-results/screens/register.png' });

  await register.getByRole('button', { name: 'Pricing rationale' }).click();
  await expect(page.getByTestId('field-form').getByRole('heading', { name: 'Pricing rationale' })).toBeVisible();
  await expect(page.getByTestId('field-concern')).toContainText('Nobody has said why this field exists');

  await page.getByRole('button', { name: 'Stage graph' }).click();
  await editor.waitForCanvas();

  // On a projector the side panel can give the canvas the whole width, and come back.
  const canvasWidth = async (): Promise<number> => (await page.getByTestId('canvas').boundingBox())?.width ?? 0;
  const withPanel = await canvasWidth();
  await page.getByRole('button', { name: 'Hide the side panel' }).click();
  await expect(page.getByRole('complementary', { name: 'Details' })).toBeHidden();
  expect(await canvasWidth()).toBeGreaterThan(withPanel + 300);
  await page.getByRole('button', { name: 'Show the side panel' }).click();
  await expect(page.getByTestId('field-form')).toBeVisible();
});
