import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '../harness/fixtures';
import { LibraryPage } from '../pages/LibraryPage';
import { EditorPage } from '../pages/EditorPage';
import { RegisterPage } from '../pages/RegisterPage';
import { ReviewPage } from '../pages/ReviewPage';

const SAMPLE = 'Lead to cash — B2B software (sample)';
/** Marketing's fields the sales leader proposes to remove, with their stages. */
const REMOVED = [
  ['Lead', 'Lead source detail'],
  ['Lead', 'Industry'],
  ['Lead', 'Campaign code'],
  ['Qualified', 'Buyer persona'],
  ['Discovery', 'Marketing lead score (re-check)'],
] as const;

test('the review loop: challenge, propose, sign off, accept with a reason, see it in History, restore, and comment', async ({ page, host }) => {
  test.setTimeout(180_000);
  const library = new LibraryPage(page);
  await library.goto(host.url);
  await library.open(SAMPLE);
  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  const review = new ReviewPage(page);
  const register = new RegisterPage(page);

  // Finance filters the fields nobody has justified and challenges one, with a question.
  await register.open();
  await register.show('unjustified');
  const { shown, total } = await register.counts();
  expect(total).toBe(37);
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(total);
  await expect(register.row('Company name')).toHaveCount(0);
  await register.select('Lead source detail');
  await expect(register.bulkBar()).toContainText('1 field selected');
  await register.bulkBar().getByRole('button', { name: 'Challenge…' }).click();
  const challenge = page.getByRole('dialog', { name: 'Challenge the selected fields' });
  await expect(challenge).toContainText('the question goes to Marketing');
  await challenge.getByRole('textbox').fill('Who reads Lead source detail? Marketing has Lead source already.');
  await challenge.getByRole('button', { name: 'Challenge', exact: true }).click();
  // Nobody said who is acting yet: the app asks now, once, before recording the decision.
  await review.answerIdentity('Fiona Finch', 'Finance');
  await expect(challenge).toBeHidden();
  await expect(register.row('Lead source detail')).toContainText('Challenged');
  await expect(register.row('Lead source detail').locator('.count-badge.challenge')).toHaveText('? 1');
  await editor.waitUntilSaved();
  await register.row('Lead source detail').getByRole('button', { name: 'Lead source detail' }).click();
  const thread = page.getByTestId('challenge-thread');
  await expect(thread).toContainText('Question to Marketing: Who reads Lead source detail?');
  await expect(thread).toContainText('Asked by Fiona Finch (Finance)');

  // A sales leader proposes removing five of marketing's fields.
  await review.actAs('Sam Seller', 'Sales Management');
  const proposals = await review.open('Proposals');
  await proposals.getByRole('button', { name: 'New proposal…' }).click();
  const create = page.getByRole('dialog', { name: 'New proposal' });
  await create.getByLabel('Name').fill('Cut marketing form fields');
  await create.getByLabel('What and why').fill('Five fields reps fill for marketing that nobody reads in a decision.');
  await create.getByRole('button', { name: 'Create and edit' }).click();
  await expect(page.getByTestId('proposal-banner')).toContainText(/Proposal: Cut marketing form fields \(based on revision \d+\)/);
  await editor.waitForCanvas();
  for (const [stage, label] of REMOVED) {
    await editor.stage(stage).click();
    await page.getByRole('button', { name: `Delete ${label}` }).click();
    await expect(page.getByRole('button', { name: `Delete ${label}` })).toHaveCount(0);
  }
  await editor.waitUntilSaved();

  // The diff on the canvas and the burden delta.
  await page.getByTestId('proposal-banner').getByRole('button', { name: 'Changes and sign-off' }).click();
  const proposalPage = page.getByTestId('proposal-page');
  await expect(proposalPage.getByTestId('diff-summary')).toContainText('removed 3 fields from Lead');
  const diffCanvas = proposalPage.getByTestId('diff-canvas');
  await expect(diffCanvas.locator('.diff-line-removed')).toHaveCount(5);
  await expect(diffCanvas.locator('[data-stage-name="Lead"]')).toHaveAttribute('data-diff', 'fields');
  const delta = proposalPage.getByTestId('burden-delta');
  await expect(delta.getByTestId('delta-Minutes per deal')).toContainText('▼');
  await expect(proposalPage.getByTestId('who-loses-data').locator('li')).toHaveCount(5);
  await expect(proposalPage.getByTestId('change-item').filter({ hasText: 'Campaign code' })).toHaveAttribute('data-kind', 'removed');
  await proposalPage.getByRole('button', { name: 'Submit for review' }).click();
  await expect(proposalPage.getByTestId('reviewer').filter({ hasText: 'Marketing' })).toContainText('waiting');
  await expect(page.getByTestId('proposal-banner')).toContainText('In review');
  // A tall window shows the burden delta, who loses data and the diff canvas together.
  await page.setViewportSize({ width: 1440, height: 1500 });
  await proposalPage.getByTestId('burden-delta').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/review-diff.png' });
  const diffViolations = (await new AxeBuilder({ page }).include('[data-testid="proposal-page"]').analyze()).violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  expect(diffViolations.map((violation) => `${violation.id}: ${violation.nodes[0]?.html}`)).toEqual([]);
  await page.setViewportSize({ width: 1440, height: 900 });

  // Marketing's reviewer approves.
  await review.actAs('Mia Marketer', 'Marketing');
  await proposalPage.getByRole('button', { name: 'Approve…' }).click();
  await review.giveReason(/^Approve for Marketing/, 'Fine: lead source and campaign come from the form now.', 'Approve');
  await expect(proposalPage.getByTestId('reviewer').filter({ hasText: 'Marketing' })).toContainText('approved by Mia Marketer');

  // The sales leader accepts it with a reason.
  await review.actAs('Sam Seller', 'Sales Management');
  await proposalPage.getByRole('button', { name: 'Accept…' }).click();
  await review.giveReason(/^Accept/, 'Agreed in the quarterly pipeline review', 'Accept');
  await expect(proposalPage.locator('.proposal-status').first()).toHaveText('Accepted');
  await expect(page.getByTestId('proposal-banner')).toHaveCount(0);

  // History shows the revision with its author, approvers and reason.
  const history = await review.open('History');
  const accepted = review.historyRows().first();
  await expect(accepted).toContainText('Proposal accepted');
  await expect(accepted).toContainText('Sam Seller (Sales Management)');
  await expect(accepted).toContainText('approved by Mia Marketer (Marketing)');
  await expect(accepted).toContainText('Reason: “Agreed in the quarterly pipeline review”');
  await expect(accepted).toContainText('removed 3 fields from Lead');
  await expect(history.getByTestId('history')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/review-history.png' });
  const violations = (await new AxeBuilder({ page }).include('[data-testid="review-view"]').analyze()).violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  expect(violations.map((violation) => `${violation.id}: ${violation.nodes[0]?.html}`)).toEqual([]);
  await register.open();
  expect((await register.counts()).total).toBe(32);

  // Restoring the previous revision brings the fields back, as a new revision.
  await review.open('History');
  const acceptedRevision = Number(await accepted.getAttribute('data-revision'));
  await review.historyRows().filter({ has: page.getByText(`Revision ${acceptedRevision - 1}`, { exact: true }) }).getByRole('button', { name: 'Restore…' }).click();
  await review.giveReason(`Restore revision ${acceptedRevision - 1}`, 'Marketing needs the campaign code after all', 'Restore as a new revision');
  await expect(review.historyRows().first()).toContainText(`Revision ${acceptedRevision + 1}`);
  await expect(review.historyRows().first()).toContainText('Restored');
  await register.open();
  expect((await register.counts()).total).toBe(37);
  // Only the rows in view are rendered: find it by name.
  await register.search('Campaign code');
  await expect(register.row('Campaign code')).toHaveCount(1);

  // Any revision opens read-only on the canvas and in the register, and editing comes back as it was.
  await review.open('History');
  await review.historyRows().filter({ has: page.getByText(`Revision ${acceptedRevision}`, { exact: true }) }).getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('readonly-banner')).toContainText(`Revision ${acceptedRevision} — read-only.`);
  await editor.waitForCanvas();
  await register.open();
  expect((await register.counts()).total).toBe(32);
  await register.select('Company name');
  await expect(register.bulkBar()).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/review-readonly-register.png' });
  await page.getByTestId('readonly-banner').getByRole('button', { name: 'Back to editing' }).click();
  await expect(page.getByTestId('readonly-banner')).toHaveCount(0);
  expect((await register.counts()).total).toBe(37);

  // A comment on a stage: added, resolved and reopened; the card counts it.
  await page.getByRole('button', { name: 'Stage graph' }).click();
  await editor.waitForCanvas();
  await editor.stage('Negotiation').click();
  const comments = page.getByTestId('comment-threads').filter({ hasText: 'Comments on Negotiation' });
  await comments.getByLabel('New comment').fill('Do we still need Competitor pricing here?');
  await comments.getByRole('button', { name: 'Comment', exact: true }).click();
  const stageThread = comments.getByTestId('comment-thread');
  await expect(stageThread).toHaveAttribute('data-open', 'true');
  await expect(stageThread).toContainText('Sam Seller');
  await expect(editor.stage('Negotiation').getByTestId('stage-review-badges')).toContainText('1 comment');
  await stageThread.getByRole('button', { name: 'Resolve' }).click();
  await expect(stageThread).toHaveAttribute('data-open', 'false');
  await expect(editor.stage('Negotiation').getByTestId('stage-review-badges')).toHaveCount(0);
  await stageThread.getByRole('button', { name: 'Reopen' }).click();
  await expect(stageThread).toHaveAttribute('data-open', 'true');
  const list = await review.open('Comments');
  await expect(list.getByTestId('comment-summary')).toHaveCount(1);
  await expect(list.getByTestId('comment-summary')).toContainText('Stage Negotiation');
});

test('accepting a proposal after the process moved on asks, per overlapping change, which side to keep', async ({ page, host }) => {
  const library = new LibraryPage(page);
  await library.goto(host.url);
  await library.open(SAMPLE);
  const editor = new EditorPage(page);
  await editor.waitForCanvas();
  const review = new ReviewPage(page);
  await review.actAs('Sam Seller', 'Sales Management');
  const processId = decodeURIComponent(new URL(page.url()).hash.replace('#/process/', ''));
  const api = async <T>(channel: string, input: unknown): Promise<T> => {
    const response = await page.request.post(`${host.url}api/${channel}`, { data: input });
    const body = (await response.json()) as { value?: T; error?: { message: string } };
    if (!body.value) throw new Error(`${channel}: ${body.error?.message}`);
    return body.value;
  };

  // A proposal (made elsewhere) gives Discovery 30 days; then the process itself is changed to 14.
  const author = { name: 'Sam Seller', departmentId: 'sales-management' };
  const current = await api<{ stages: Array<{ id: string; name: string; expectedDays: number }> }>('process:open', { id: processId });
  const document = { ...current, stages: current.stages.map((stage) => (stage.name === 'Discovery' ? { ...stage, expectedDays: 30 } : stage)) };
  const proposal = await api<{ id: string }>('proposal:create', { processId, title: 'Longer discovery', author, document });
  await api('proposal:set-status', { processId, proposalId: proposal.id, author, status: 'in-review' });

  await editor.stage('Discovery').click();
  await page.getByLabel('Days in stage').fill('14');
  await editor.waitUntilSaved();

  const view = await review.open('Proposals');
  await view.getByRole('button', { name: 'Longer discovery' }).click();
  const proposalPage = page.getByTestId('proposal-page');
  await expect(proposalPage).toContainText('overlap');
  await proposalPage.getByRole('button', { name: 'Accept…' }).click();
  const picker = page.getByTestId('conflict-picker');
  await expect(picker).toContainText('Discovery');
  await expect(picker).toContainText('14');
  await expect(picker).toContainText('30');
  const dialog = page.getByRole('dialog', { name: 'The process moved on: pick per change' });
  await expect(dialog.getByRole('button', { name: 'Continue' })).toBeDisabled();
  for (const choice of await picker.getByRole('radio', { name: /Take the proposal/ }).all()) await choice.check();
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await review.giveReason(/^Accept/, 'Discovery really takes a month', 'Accept');
  await expect(proposalPage.locator('.proposal-status').first()).toHaveText('Accepted');

  await page.getByRole('button', { name: 'Stage graph' }).click();
  await editor.stage('Discovery').click();
  await expect(page.getByLabel('Days in stage')).toHaveValue('30');
});
