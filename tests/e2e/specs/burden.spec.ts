import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect } from '../harness/fixtures';
import { LibraryPage } from '../pages/LibraryPage';
import { EditorPage } from '../pages/EditorPage';

const SAMPLE = 'Lead to cash — B2B software (sample)';

async function openBurden(page: Page, url: string): Promise<EditorPage> {
  const library = new LibraryPage(page);
  await library.goto(url);
  await library.open(SAMPLE);
  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  await editor.tab('Admin burden').click();
  await expect(page.getByTestId('burden-panel')).toBeVisible();
  return editor;
}

async function figure(page: Page, key: string): Promise<number> {
  return Number(await page.getByTestId(`figure-${key}`).getAttribute('data-value'));
}

function section(page: Page, id: string) {
  return page.locator(`details[data-section="${id}"]`);
}

test('the admin burden tab answers the reps with figures, what-ifs, a simulation and KPI checks', async ({ page, host }) => {
  const editor = await openBurden(page, host.url);
  const panel = page.getByTestId('burden-panel');

  // Headline figures: plausible, never NaN.
  await expect(page.getByTestId('burden-lede')).toContainText(/Each rep spends [\d.]+ h a month filling these forms/);
  await expect(panel).not.toContainText('NaN');
  const minutesPerDeal = await figure(page, 'minutesPerOpportunity');
  expect(minutesPerDeal).toBeGreaterThan(0);
  expect(await figure(page, 'shareOfWorkingTime')).toBeLessThan(1);
  await expect(panel.getByLabel('Published reference figures')).toContainText('Published surveys report');
  await expect(panel.getByLabel('Published reference figures')).toContainText('CSO Insights');
  await expect(panel.getByRole('img', { name: /Pareto chart/ })).toBeVisible();

  // The KPI finding about coverage vs conversion.
  await expect(section(page, 'kpis')).toContainText('3× coverage needs a win rate near 33%');
  await expect(section(page, 'kpis').locator('.kpi-finding.severity-error').first()).toBeVisible();

  // What-if: switching the heaviest field off lowers minutes per deal, shown as a negative delta.
  await section(page, 'whatif').locator('summary').click();
  await page.getByLabel('Keep Lead source detail').uncheck();
  await expect(page.getByTestId('delta-minutesPerOpportunity')).toContainText('−');
  expect(Number(await page.getByTestId('delta-minutesPerOpportunity').getAttribute('data-delta'))).toBeLessThan(0);
  expect(await figure(page, 'minutesPerOpportunity')).toBeLessThan(minutesPerDeal);

  // Monte Carlo: progress, then percentiles.
  await section(page, 'mc').locator('summary').click();
  await expect(page.getByLabel('Seed')).toHaveValue('1');
  // The streaming engine finishes 100,000 opportunities before a check can see the bar: ask for
  // a million so the progress stays on screen long enough to be seen.
  await page.getByLabel('Opportunities').selectOption('1000000');
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await expect(page.locator('#mc-progress')).toBeVisible();
  const results = page.getByTestId('mc-results');
  await expect(results).toBeVisible({ timeout: 30_000 });
  await expect(results.getByRole('table', { name: 'Monte Carlo percentiles' })).toContainText('P90');
  await expect(results).toContainText('Admin per deal');
  await expect(panel).not.toContainText('NaN');

  await mkdir('test-results/screens', { recursive: true });
  await page.locator('.tab-panel').evaluate((el) => el.scrollTo(0, 0));
  await page.screenshot({ path: 'test-results/screens/burden.png' });

  // Heat view colors the stages.
  await page.getByRole('button', { name: 'Heat view' }).click();
  const lead = editor.stage('Lead').locator('.stage-node');
  await expect(lead).toHaveClass(/heat/);
  await expect(lead).toHaveAttribute('style', /color-mix/);
});

test('an invalid process shows located problems instead of figures', async ({ page, host }) => {
  await openBurden(page, host.url);
  await page.locator('[data-edge-id]').first().waitFor();
  // Break Negotiation's exits: its first outgoing edge drops to 0%.
  const edgeId = await page.evaluate(() => {
    const node = document.querySelector('[data-stage-name="Negotiation"]')?.closest('.react-flow__node')?.getAttribute('data-id');
    return [...document.querySelectorAll<HTMLElement>('[data-edge-source]')].find((el) => el.dataset.edgeSource === node)?.dataset.edgeId ?? null;
  });
  expect(edgeId).not.toBeNull();
  await page.locator(`[data-edge-id="${edgeId}"] .edge-probability`).click();
  const input = page.getByLabel('Probability in percent');
  await input.fill('0');
  await input.press('Enter');
  const refusal = page.getByTestId('burden-refusal');
  await expect(refusal).toContainText('needs a valid process');
  await expect(refusal).toContainText(/Negotiation.*not 100%/);
  await expect(page.getByTestId('figure-minutesPerOpportunity')).toHaveCount(0);
});
