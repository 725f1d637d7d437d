import { resolve } from 'node:path';
import { test, expect } from '../harness/fixtures';
import { LibraryPage } from '../pages/LibraryPage';
import { EditorPage } from '../pages/EditorPage';
import { ImportWizard } from '../pages/ImportWizard';
import { readDownload } from '../pages/FileMenu';

const FIXTURES = resolve(__dirname, '../../fixtures/import');
const SAMPLE = 'Lead to cash — B2B software (sample)';

test('Salesforce describe + Path become a new process whose unexplained fields are flagged', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);
  await page.getByLabel('Name', { exact: true }).fill('Salesforce opportunities');
  await page.getByLabel('Start from').selectOption('import');
  await page.getByRole('button', { name: 'Create process' }).click();

  const wizard = new ImportWizard(page);
  await expect(wizard.dialog()).toBeVisible();
  await wizard.choose([`${FIXTURES}/salesforce-opportunity-describe.json`, `${FIXTURES}/salesforce-opportunity-path.json`]);
  await expect(wizard.filesTable()).toContainText('Salesforce describe (JSON)');
  await expect(wizard.filesTable()).toContainText('Salesforce Path steps (JSON)');
  await page.screenshot({ path: 'test-results/screens/import-files.png' });
  await wizard.next();

  // The Path's stages do not exist in a new process: created in Path order, outcomes matched.
  const stages = wizard.step('Stages');
  await expect(stages.getByLabel('Stage for “Needs Analysis”')).toHaveValue('__new');
  await expect(stages.getByLabel('Stage for “Closed Won”')).toHaveValue('won');
  await expect(stages.getByLabel('Stage for “Closed Lost”')).toHaveValue('lost');
  await expect(stages.getByTestId('unassigned-tray')).toContainText('Forecast Category');
  await page.screenshot({ path: 'test-results/screens/import-stages.png' });
  await wizard.next();

  const review = wizard.step('Review');
  await expect(review.getByTestId('import-summary')).toContainText('4 new stages: Qualification, Needs Analysis, Proposal/Price Quote, Negotiation/Review');
  const added = review.getByRole('table', { name: 'New fields' }).locator('tbody tr');
  const addedCount = await added.count();
  expect(addedCount).toBeGreaterThan(5);
  // Fields reps cannot skip are the ones that must explain themselves.
  const requirements = await added.locator('td:nth-child(6)').allInnerTexts();
  const mandatory = requirements.filter((text) => text !== 'optional').length;
  expect(mandatory).toBeGreaterThan(2);
  // Bulk edit: two fields at once get 45 s.
  await review.getByLabel('Select Opportunity Name').check();
  await review.getByLabel('Select Close Date').check();
  await review.getByRole('spinbutton', { name: /Seconds to complete for the 2 selected/ }).fill('45');
  await review.getByRole('button', { name: 'Set', exact: true }).click();
  await expect(review.getByLabel('Seconds to complete Close Date')).toHaveValue('45');
  await page.screenshot({ path: 'test-results/screens/import-review.png' });
  await wizard.confirmButton().click();
  await expect(wizard.dialog()).toBeHidden();

  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  for (const name of ['Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost']) {
    await expect(editor.stage(name)).toBeVisible();
  }
  await expect(page.getByTestId('stage-node').getByTestId('card-concerns').first()).toBeVisible();
  await editor.waitUntilSaved();
  await page.screenshot({ path: 'test-results/screens/import-done.png' });

  // Every imported field arrives proposed with no reader: the register flags each required one.
  await page.getByRole('button', { name: 'Field register' }).click();
  const register = page.getByTestId('field-register');
  await register.getByLabel('Show', { exact: true }).selectOption('flagged');
  await expect(register.getByTestId('register-count')).toContainText(`${mandatory} of ${addedCount} shown`);
  await expect(register.getByText('Nobody has said').first()).toBeVisible();

  // The whole import is one undo step.
  await page.getByRole('button', { name: 'Stage graph' }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(editor.stageNodes()).toHaveCount(3);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(editor.stageNodes()).toHaveCount(7);
});

test('a semicolon CSV in Windows-1252 is mapped by hand with a live preview, and the mapping is remembered', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);
  await library.open(SAMPLE);
  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  const wizard = new ImportWizard(page);
  await wizard.open();
  await wizard.choose([`${FIXTURES}/generic-fields-semicolon-cp1252.csv`]);
  await expect(wizard.filesTable()).toContainText('Windows-1252');
  await expect(wizard.filesTable()).toContainText('map its columns next');
  await wizard.next();

  const columns = wizard.step('Columns');
  await expect(columns.getByLabel('Delimiter')).toHaveValue(';');
  const firstRows = columns.getByRole('table', { name: /First rows of/ });
  // Accents decoded, quoted semicolons and the embedded line break kept in their cells.
  await expect(firstRows).toContainText('Entscheidungsträger');
  await expect(firstRows).toContainText('Bestätigt, dass das Budget; schriftlich; vorliegt');
  await columns.getByRole('combobox', { name: 'Label', exact: true }).selectOption('Bezeichnung');
  await columns.getByRole('combobox', { name: 'API name' }).selectOption('Feldname');
  await columns.getByRole('combobox', { name: 'Stage' }).selectOption('Phase');
  await columns.getByRole('combobox', { name: /Help text/ }).selectOption('Beschreibung');
  const resulting = columns.getByRole('table', { name: 'Fields that would result' });
  await expect(resulting).toContainText('Budget freigegeben');
  await expect(resulting).toContainText('Rabattbegründung');
  await expect(firstRows.locator('thead')).toContainText('→ Label');
  await page.screenshot({ path: 'test-results/screens/import-columns.png' });
  await columns.getByRole('button', { name: 'Save mapping for next time' }).click();
  await wizard.next();

  // "Négociation" is not a stage of the sample: mapped by hand to Negotiation.
  const stages = wizard.step('Stages');
  await stages.getByLabel('Stage for “Négociation”').selectOption({ label: 'Negotiation' });
  await wizard.next();
  await expect(wizard.step('Review').getByTestId('import-summary')).toContainText('0 unassigned');
  await wizard.confirmButton().click();
  await expect(wizard.dialog()).toBeHidden();
  await expect(page.getByText(/Imported: 4 added/)).toBeVisible();

  // The same headers next time: the saved mapping applies by itself.
  await wizard.open();
  await wizard.choose([`${FIXTURES}/generic-fields-semicolon-cp1252.csv`]);
  await expect(wizard.filesTable()).toContainText('Any CSV, mapped by hand');
  await wizard.next();
  await expect(wizard.step('Columns').getByRole('combobox', { name: 'Label', exact: true })).toHaveValue('Bezeichnung');
});

test('a bad file is refused with its location and nothing changes', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);
  await library.open(SAMPLE);
  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  const wizard = new ImportWizard(page);
  await wizard.open();
  await wizard.dialog().getByTestId('import-files').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"fields": [ {"name": "A", "label": "A", "type": "string"}, ]'),
  });
  await expect(wizard.error()).toContainText('broken.json');
  await expect(wizard.error()).toContainText('Nothing was changed');
  await expect(wizard.dialog().getByRole('button', { name: 'Next ›' })).toBeDisabled();

  await wizard.dialog().getByTestId('import-files').setInputFiles({ name: 'picture.csv', mimeType: 'text/csv', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3]) });
  await expect(wizard.error()).toContainText('binary');
  // A big export is parsed off the main thread: the wizard shows it is working and can stop.
  const header = 'field_api_name,field_label,field_type,records_total,records_populated,fill_rate_pct,layout_behavior\n';
  const row = 'Budget_Confirmed__c,"Budget confirmed, in writing",Checkbox,1000,420,42,Optional\n';
  const usage = Buffer.from(header + row.repeat(Math.floor((15 * 1024 * 1024) / row.length)));
  await wizard.dialog().getByTestId('import-files').setInputFiles({ name: 'usage.csv', mimeType: 'text/csv', buffer: usage });
  const working = wizard.dialog().getByRole('status').filter({ hasText: 'Reading the files…' });
  await expect(working).toBeVisible();
  await working.getByRole('button', { name: 'Cancel' }).click();
  await expect(working).toBeHidden();

  // Above the documented limit the file is refused before it is read into memory.
  const big = Buffer.alloc(21 * 1024 * 1024, 'a,b,c\n');
  await wizard.dialog().getByTestId('import-files').setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: big });
  await expect(wizard.error()).toContainText('huge.csv: the file is 21.0 MiB; imports are limited to 20.0 MiB');
  await wizard.dialog().getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
});

test('the CRM change list compares the workshop’s process with the CRM as it is', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);
  await library.create('CRM today');
  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  await editor.backToLibrary();
  await library.open(SAMPLE);
  await editor.waitForCanvas();
  await page.getByRole('button', { name: /^File/ }).click();
  await page.getByRole('menuitem', { name: /CRM change list/ }).click();
  const dialog = page.getByRole('dialog', { name: 'CRM change list' });
  await expect(dialog.getByLabel('The CRM as it is today')).toHaveValue(/.+/);
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = await readDownload(download);
  expect(csv.text).toContain('"Stage","Action","API name","Label","Requirement","Note"');
  // Against an empty CRM every active field of the sample is one to add.
  expect(csv.text.match(/"add"/g)?.length).toBeGreaterThan(30);
});
