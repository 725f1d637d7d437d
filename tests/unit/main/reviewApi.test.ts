import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../../src/main/api/handlers';
import { createWorkspace } from '../../../src/main/services/workspace';
import type { Channel, Input, Output } from '../../../src/shared/api/contract';
import type { Process } from '../../../src/shared/model/schema';
import { sequentialIds, tempDir, tickingClock } from './helpers';

const sales = { name: 'Sam', departmentId: 'sales' };
const finance = { name: 'Fiona', departmentId: 'finance' };
const marketing = { name: 'Mia', departmentId: 'marketing' };

async function setup() {
  const dir = await tempDir();
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ editor: { name: 'Sam', departmentId: 'sales' } }));
  const workspace = createWorkspace({ dir, now: tickingClock(), newId: sequentialIds() });
  const { dispatch } = createApi(workspace, { transport: 'http' });
  async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
    const result = await dispatch(channel, input);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { body: result.error });
    return result.value as Output<C>;
  }
  async function fail<C extends Channel>(channel: C, input: Input<C>) {
    const result = await dispatch(channel, input);
    if (result.ok) throw new Error(`${channel} should have failed`);
    return result.error;
  }
  const doc = await call('process:create', { name: 'Pipeline', template: 'sample' });
  return { dir, call, fail, doc };
}

const fieldsOf = (p: Process, stageId: string) => p.stages.find((s) => s.id === stageId)!.fields;

describe('history channels', () => {
  it('lists every revision newest first with author, summary and reason, opens one read-only, and restores it as a new revision', async () => {
    const { call, doc } = await setup();
    const removed = fieldsOf(doc, 'discovery').slice(0, 2);
    const r1 = await call('process:save', {
      process: { ...doc, stages: doc.stages.map((s) => (s.id === 'discovery' ? { ...s, fields: s.fields.slice(2) } : s)) },
      baseRevision: 0,
      author: finance,
      reason: 'Nobody reads them',
    });
    const r2 = await call('process:save', { process: { ...r1, name: 'Pipeline 2' }, baseRevision: 1, kind: 'autosave' });

    const { rows, setAside, currentRevision } = await call('history:list', { processId: doc.id });
    expect(currentRevision).toBe(2);
    expect(setAside).toEqual([]);
    expect(rows.map((r) => r.revision)).toEqual([2, 1, 0]);
    expect(rows[1]).toMatchObject({ author: finance, reason: 'Nobody reads them', summary: 'removed 2 fields from Discovery', kind: 'save' });
    expect(rows[0]).toMatchObject({ author: sales, kind: 'autosave' });
    expect(rows[2]!.kind).toBe('import');

    const opened = await call('history:open', { processId: doc.id, revision: 0 });
    expect(fieldsOf(opened.process, 'discovery').map((f) => f.id)).toEqual(fieldsOf(doc, 'discovery').map((f) => f.id));

    const compared = await call('history:compare', { processId: doc.id, from: 0, to: 1 });
    expect(compared.diff.fields.map((f) => f.id)).toEqual(removed.map((f) => f.id));
    expect(compared.delta.whoLosesData).toHaveLength(2);

    const restored = await call('history:restore', { processId: doc.id, revision: 0, author: marketing, reason: 'We need them' });
    expect(restored.revision).toBe(3);
    expect(fieldsOf(restored, 'discovery')).toHaveLength(fieldsOf(doc, 'discovery').length);
    expect(restored.name).toBe(r2.name === 'Pipeline 2' ? 'Pipeline' : r2.name);
    const after = await call('history:list', { processId: doc.id });
    expect(after.rows[0]).toMatchObject({ revision: 3, kind: 'restore', restoredFrom: 0, author: marketing, reason: 'We need them' });
    expect(after.rows[0]!.summary).toMatch(/^restored revision 0: added 2 fields to Discovery/);
    expect(after.rows).toHaveLength(4);
  });

  it('refuses a revision that does not exist with not-found', async () => {
    const { fail, doc } = await setup();
    expect((await fail('history:open', { processId: doc.id, revision: 7 })).code).toBe('not-found');
  });
});

describe('comment channels', () => {
  it('adds, replies, edits own, resolves and reopens without touching the process revision', async () => {
    const { call, fail, doc } = await setup();
    const root = await call('comment:add', { processId: doc.id, target: { kind: 'stage', stageId: 'discovery' }, body: 'Too many fields here', author: sales });
    const reply = await call('comment:add', { processId: doc.id, target: { kind: 'process' }, body: 'Agreed', author: finance, replyTo: root.id });
    expect(reply.target).toEqual({ kind: 'stage', stageId: 'discovery' });

    expect((await fail('comment:edit', { processId: doc.id, commentId: root.id, body: 'hijack', author: finance })).message).toMatch(/Only Sam can edit/);
    const edited = await call('comment:edit', { processId: doc.id, commentId: root.id, body: 'Far too many fields', author: sales });
    expect(edited).toMatchObject({ body: 'Far too many fields', editedAt: expect.any(String) });

    const resolved = await call('comment:resolve', { processId: doc.id, commentId: root.id, author: finance });
    expect(resolved.resolved).toMatchObject({ by: finance });
    expect((await fail('comment:resolve', { processId: doc.id, commentId: root.id, author: finance })).message).toMatch(/already resolved/);
    const reopened = await call('comment:reopen', { processId: doc.id, commentId: root.id, author: sales });
    expect(reopened.resolved).toBeUndefined();

    expect(await call('comment:list', { processId: doc.id })).toHaveLength(2);
    expect((await call('process:open', { id: doc.id })).revision).toBe(0);
    // A save based on revision 0 still goes through: comments never race the document.
    expect((await call('process:save', { process: doc, baseRevision: 0 })).revision).toBe(1);
  });
});

describe('proposal channels', () => {
  async function proposalRemovingMarketingFields() {
    const ctx = await setup();
    const { call, doc } = ctx;
    const marketingFields = doc.stages.flatMap((s) => s.fields.filter((f) => f.requestedBy === 'marketing').map((f) => f.id));
    const variant: Process = {
      ...doc,
      stages: doc.stages.map((s) => ({ ...s, fields: s.fields.filter((f) => !marketingFields.slice(0, 2).includes(f.id)) })),
    };
    const created = await call('proposal:create', { processId: doc.id, title: 'Drop duplicate marketing fields', author: sales });
    expect(created).toMatchObject({ status: 'draft', baseRevision: 0, version: 1, reviewers: [] });
    const saved = await call('proposal:save', { processId: doc.id, proposalId: created.id, author: sales, baseVersion: 1, document: variant });
    expect(saved.reviewers).toEqual([{ departmentId: 'marketing', affected: true }]);
    return { ...ctx, proposal: saved, removedIds: marketingFields.slice(0, 2) };
  }

  it('goes draft → in review → approved → accepted as a new revision whose audit names proposal, author, approvers and reason', async () => {
    const { call, fail, doc, proposal, removedIds } = await proposalRemovingMarketingFields();
    const pid = proposal.id;
    expect((await fail('proposal:review', { processId: doc.id, proposalId: pid, author: marketing, verdict: 'approve', comment: '' })).message).toMatch(/in review/);
    await call('proposal:set-status', { processId: doc.id, proposalId: pid, author: sales, status: 'in-review' });
    expect((await fail('proposal:accept', { processId: doc.id, proposalId: pid, author: sales, reason: 'ok' })).message).toMatch(/waiting for: Marketing \(pending\)/);
    expect((await fail('proposal:review', { processId: doc.id, proposalId: pid, author: finance, verdict: 'approve', comment: '' })).message).toMatch(/not asked to review/);
    await call('proposal:review', { processId: doc.id, proposalId: pid, author: marketing, verdict: 'approve', comment: 'We read Lead source instead' });

    const compared = await call('proposal:compare', { processId: doc.id, proposalId: pid });
    expect(compared.report.delta.whoLosesData.map((l) => l.fieldId)).toEqual(removedIds);
    // The "before" of the diff comes along: the revision the proposal started from, as stored.
    expect(compared.base).toEqual((await call('history:open', { processId: doc.id, revision: compared.baseRevision })).process);
    expect(compared.conflicts).toEqual([]);

    const { process, proposal: accepted } = await call('proposal:accept', { processId: doc.id, proposalId: pid, author: sales, reason: 'Signed off in the review meeting' });
    expect(process.revision).toBe(1);
    expect(process.stages.flatMap((s) => s.fields).some((f) => removedIds.includes(f.id))).toBe(false);
    expect(accepted).toMatchObject({ status: 'accepted', acceptedAs: { revision: 1, reason: 'Signed off in the review meeting' } });
    const { rows } = await call('history:list', { processId: doc.id });
    expect(rows[0]).toMatchObject({
      revision: 1,
      kind: 'proposal',
      author: sales,
      reason: 'Signed off in the review meeting',
      proposal: { id: pid, title: 'Drop duplicate marketing fields', author: sales, approvers: [marketing] },
    });
    // The audit line names the proposer's department as people read it, not by its id.
    const salesName = process.departments.find((department) => department.id === sales.departmentId)!.name;
    expect(rows[0]!.summary).toContain(`by Sam (${salesName})`);
    expect((await fail('proposal:set-status', { processId: doc.id, proposalId: pid, author: sales, status: 'draft' })).message).toMatch(/can no longer change/);
  });

  it('merges a proposal into a process that moved on, and asks for a side on overlapping changes', async () => {
    const { call, fail, doc, proposal } = await proposalRemovingMarketingFields();
    const pid = proposal.id;
    const firstField = doc.stages[0]!.fields[0]!;
    // The process moves on: a non-overlapping rename and an edit of a field the proposal also edits.
    const proposalDoc = { ...proposal.document, stages: proposal.document.stages.map((s, i) => (i === 0 ? { ...s, fields: s.fields.map((f, j) => (j === 0 ? { ...f, secondsToComplete: 99, secondsMax: 200 } : f)) } : s)) };
    const p2 = await call('proposal:save', { processId: doc.id, proposalId: pid, author: sales, baseVersion: proposal.version, document: proposalDoc });
    await call('process:save', {
      process: { ...doc, name: 'Renamed meanwhile', stages: doc.stages.map((s, i) => (i === 0 ? { ...s, fields: s.fields.map((f, j) => (j === 0 ? { ...f, secondsToComplete: 7, secondsMin: 1 } : f)) } : s)) },
      baseRevision: 0,
    });
    await call('proposal:set-status', { processId: doc.id, proposalId: pid, author: sales, status: 'in-review' });
    await call('proposal:review', { processId: doc.id, proposalId: pid, author: marketing, verdict: 'approve', comment: '' });
    // Editing a sales field made sales a reviewer; the proposer cannot approve it himself.
    expect(p2.reviewers.map((r) => r.departmentId).sort()).toEqual(['marketing', 'sales']);
    expect((await fail('proposal:review', { processId: doc.id, proposalId: pid, author: sales, verdict: 'approve', comment: '' })).message).toMatch(/your own proposal/);
    await call('proposal:review', { processId: doc.id, proposalId: pid, author: { name: 'Sue', departmentId: 'sales' }, verdict: 'approve', comment: 'fine' });
    expect(p2.version).toBe(proposal.version + 1);

    const conflictId = `fields:${firstField.id}:secondsToComplete`;
    const compared = await call('proposal:compare', { processId: doc.id, proposalId: pid });
    expect(compared.currentRevision).toBe(1);
    expect(compared.conflicts.map((c) => c.id)).toEqual([conflictId]);
    const refused = await fail('proposal:accept', { processId: doc.id, proposalId: pid, author: sales, reason: 'go' });
    expect(refused.details?.map((d) => d.path)).toEqual([conflictId]);

    const { process } = await call('proposal:accept', { processId: doc.id, proposalId: pid, author: sales, reason: 'go', resolutions: { [conflictId]: 'proposal' } });
    expect(process.name).toBe('Renamed meanwhile');
    expect(process.stages[0]!.fields[0]!.secondsToComplete).toBe(99);
    expect(process.revision).toBe(2);
  });

  it('refuses a stale proposal edit and clears approvals when the document changes', async () => {
    const { call, fail, doc, proposal } = await proposalRemovingMarketingFields();
    const pid = proposal.id;
    await call('proposal:set-status', { processId: doc.id, proposalId: pid, author: sales, status: 'in-review' });
    const approved = await call('proposal:review', { processId: doc.id, proposalId: pid, author: marketing, verdict: 'approve', comment: '' });
    expect(approved.reviewers[0]!.decision?.verdict).toBe('approve');
    expect((await fail('proposal:save', { processId: doc.id, proposalId: pid, author: sales, baseVersion: proposal.version, title: 'x' })).code).toBe('conflict');
    const edited = await call('proposal:save', {
      processId: doc.id,
      proposalId: pid,
      author: sales,
      baseVersion: approved.version,
      document: { ...approved.document, name: 'changed' },
    });
    expect(edited.reviewers[0]!.decision).toBeUndefined();
    expect((await fail('proposal:set-status', { processId: doc.id, proposalId: pid, author: marketing, status: 'withdrawn' })).message).toMatch(/Only Sam/);
    expect((await call('proposal:list', { processId: doc.id }))[0]).toMatchObject({ id: pid, changeCount: 3 });
  });
});
