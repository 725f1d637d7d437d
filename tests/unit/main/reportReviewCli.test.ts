import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/main/cli';
import { createApi } from '../../../src/main/api/handlers';
import { createWorkspace } from '../../../src/main/services/workspace';
import type { Channel, Input, Output } from '../../../src/shared/api/contract';
import { captureIo, sequentialIds, tempDir, tickingClock } from './helpers';

const sales = { name: 'Sam', departmentId: 'sales' };
const finance = { name: 'Fiona', departmentId: 'finance' };

/** A real workspace written by the same service the app uses: one comment, two proposals. */
async function reviewedWorkspace() {
  const dir = await tempDir();
  const workspace = createWorkspace({ dir, now: tickingClock(), newId: sequentialIds() });
  const { dispatch } = createApi(workspace, { transport: 'http' });
  async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
    const result = await dispatch(channel, input);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as Output<C>;
  }
  const doc = await call('process:create', { name: 'Pipeline', template: 'sample' });
  const stage = doc.stages.find((s) => s.fields.length > 0)!;
  const field = stage.fields[0]!;
  await call('comment:add', { processId: doc.id, target: { kind: 'field', stageId: stage.id, fieldId: field.id }, body: 'Who reads this before the demo?', author: finance });
  const kept = await call('proposal:create', { processId: doc.id, title: 'Drop the budget question', description: 'Reps guess it anyway', author: sales });
  await call('proposal:set-status', { processId: doc.id, proposalId: kept.id, author: sales, status: 'in-review' });
  await call('proposal:set-reviewers', { processId: doc.id, proposalId: kept.id, author: sales, departmentIds: ['finance'] });
  await call('proposal:review', { processId: doc.id, proposalId: kept.id, author: finance, verdict: 'approve', comment: 'fine by finance' });
  const dropped = await call('proposal:create', { processId: doc.id, title: 'Add a second discovery call', author: sales });
  await call('proposal:set-status', { processId: doc.id, proposalId: dropped.id, author: sales, status: 'withdrawn', reason: 'doubles the cycle' });
  return { dir, doc, field };
}

function reviewSection(html: string): string {
  const start = html.indexOf('<h2>Review</h2>');
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('stagecraft report with review data', () => {
  it('finds the workspace from FILE = <workspace>/<id>.json and lists comments and proposals with their decisions', async () => {
    const { dir, doc, field } = await reviewedWorkspace();
    const io = captureIo(await tempDir());

    expect(await main(['report', join(dir, `${doc.id}.json`), '--out', '-'], io)).toBe(0);

    const review = reviewSection(io.out());
    expect(review).toContain('<h3>Comments (1)</h3>');
    expect(review).toContain('Who reads this before the demo?');
    expect(review).toContain(field.label);
    expect(review).toContain('<h3>Proposals (2)</h3>');
    expect(review).toMatch(/Drop the budget question — Reps guess it anyway · [^<]*: approved \(&quot;fine by finance&quot;\)/);
    expect(review).toContain('in-review');
    expect(review).toContain('withdrawn: doubles the cycle');
    expect(io.err()).toBe('');
  });

  it('takes --workspace DIR for a copy of the document kept elsewhere (export --format html too)', async () => {
    const { dir, doc } = await reviewedWorkspace();
    const elsewhere = await tempDir();
    await copyFile(join(dir, `${doc.id}.json`), join(elsewhere, 'pipeline.json'));

    const plain = captureIo(elsewhere);
    expect(await main(['report', 'pipeline.json', '--out', '-'], plain)).toBe(0);
    expect(plain.out()).not.toContain('Who reads this before the demo?');

    const io = captureIo(elsewhere);
    expect(await main(['export', 'pipeline.json', '--format', 'html', '--workspace', dir, '--out', 'r.html'], io)).toBe(0);
    const html = await readFile(join(elsewhere, 'r.html'), 'utf8');
    expect(reviewSection(html)).toContain('Who reads this before the demo?');
    expect(reviewSection(html)).toContain('Add a second discovery call');
  });

  it('names an unreadable review file, leaves it untouched and still writes the report', async () => {
    const { dir, doc } = await reviewedWorkspace();
    const comments = join(dir, 'review', doc.id, 'comments.json');
    await writeFile(comments, '{"comments": [');
    const io = captureIo(dir);

    expect(await main(['report', `${doc.id}.json`, '--out', '-'], io)).toBe(0);

    expect(io.err()).toContain(`${comments}: not valid JSON`);
    expect(await readFile(comments, 'utf8')).toBe('{"comments": [');
    expect(reviewSection(io.out())).toContain('Drop the budget question');
  });

  it('refuses a --workspace that is not a folder with exit 2', async () => {
    const { dir, doc } = await reviewedWorkspace();
    const io = captureIo(dir);
    expect(await main(['report', `${doc.id}.json`, '--workspace', 'missing'], io)).toBe(2);
    expect(io.err()).toContain('missing: not a folder');
  });
});
