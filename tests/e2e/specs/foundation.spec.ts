import { readFile, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { test, expect } from '../harness/fixtures';
import { LibraryPage } from '../pages/LibraryPage';
import { EditorPage } from '../pages/EditorPage';

const SAMPLE = 'Lead to cash — B2B software (sample)';

test('first start shows the sample process as a graph with its problems', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);
  await expect(library.rows()).toHaveCount(1);
  await expect(library.row(SAMPLE)).toBeVisible();

  await library.open(SAMPLE);
  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  for (const name of ['Lead', 'Qualified', 'Discovery', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost']) {
    await expect(editor.stage(name)).toBeVisible();
  }
  expect(await editor.edges().count()).toBeGreaterThanOrEqual(8);
  await expect(page.locator('.edge-probability').first()).toHaveText(/\d+(\.\d)?%/);
  // The point of the sample: required fields nobody justified or reads show up at once.
  await expect(page.getByTestId('card-concerns').first()).toBeVisible();
  await editor.tab(/Problems/).click();
  await expect(page.getByTestId('problems')).toContainText('Nobody is recorded as using this field');
  await page.screenshot({ path: 'test-results/screens/sample-problems.png' });
});

test('create, rename, duplicate and delete processes', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);

  await library.create('EMEA new business');
  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  await expect(page.getByRole('heading', { name: 'EMEA new business' })).toBeVisible();
  await editor.backToLibrary();

  await expect(library.rows()).toHaveCount(2);
  await library.rename('EMEA new business', 'EMEA renewals');
  await expect(library.row('EMEA renewals')).toBeVisible();

  await library.duplicate('EMEA renewals');
  await expect(library.row('EMEA renewals (copy)')).toBeVisible();
  await expect(library.rows()).toHaveCount(3);

  await library.delete('EMEA renewals (copy)');
  await expect(library.row('EMEA renewals (copy)')).toHaveCount(0);
  await expect(library.rows()).toHaveCount(2);
});

test('data survives a reload and a host restart', async ({ page, host, restartHost }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);
  await library.create('Partner channel');
  await new EditorPage(page).waitForCanvas();
  await new EditorPage(page).backToLibrary();
  await library.rename('Partner channel', 'Partner channel EU');

  await page.reload();
  await expect(library.row('Partner channel EU')).toBeVisible();

  const restarted = await restartHost();
  await library.goto(restarted.url);
  await expect(library.row('Partner channel EU')).toBeVisible();
  await expect(library.row(SAMPLE)).toBeVisible();
});

test('a request with a foreign Host header is refused with 403', async ({ host }) => {
  const { port } = new URL(host.url);
  const status = await new Promise<number>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: Number(port), path: '/api/process:list', method: 'POST', headers: { Host: 'evil.example:80', 'Content-Type': 'application/json' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
  expect(status).toBe(403);
});

test('export a process to a file and import it back; a broken file is refused with its location', async ({ page, host }, testInfo) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: `Export ${SAMPLE} as a file` }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('lead-to-cash-b2b-software-sample.stagecraft.json');
  const file = testInfo.outputPath('exported.json');
  await download.saveAs(file);

  await page.getByLabel('Import a file…').setInputFiles(file);
  // The copy gets a name of its own ("… (imported 2)"): an import never overwrites.
  await expect(page.getByRole('status')).toContainText(`Imported “${SAMPLE} (imported`);
  await expect(library.rows()).toHaveCount(2);

  await page.getByLabel('Import a file…').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ schemaVersion: 2, id: 'x', name: '', stages: 'none' })),
  });
  await expect(page.getByRole('status')).toContainText('broken.json is not a valid Stagecraft process: name: must not be empty');
  await expect(library.rows()).toHaveCount(2);
});

test('a corrupt process file is set aside, never overwritten, and its last good version restored', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);
  // One save so the workspace keeps a previous version (.bak) of the sample.
  await library.rename(SAMPLE, 'Lead to cash (ours)');
  await expect(library.row('Lead to cash (ours)')).toBeVisible();

  const file = join(host.workspace, 'lead-to-cash-sample.json');
  await writeFile(file, '{ "schemaVersion": 2, "name": "half a document…');
  await page.reload();

  const banner = page.getByRole('alert').filter({ hasText: 'could not be read' });
  await expect(banner).toContainText('lead-to-cash-sample.json');
  await expect(banner).toContainText('nothing was overwritten');
  const asideName = (await banner.locator('code').textContent()) ?? '';
  expect(asideName).toMatch(/^lead-to-cash-sample\.json\.corrupt-/);
  expect(await readFile(join(host.workspace, asideName), 'utf8')).toBe('{ "schemaVersion": 2, "name": "half a document…');

  await banner.getByRole('button', { name: 'Restore the previous saved version' }).click();
  await expect(library.row(SAMPLE)).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'could not be read' })).toHaveCount(0);
});
