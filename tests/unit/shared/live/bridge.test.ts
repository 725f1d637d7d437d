import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  bumpComments,
  FEED_LIMIT,
  pushFeed,
  putVote,
  readFacilitatorVotes,
  readProcess,
  readRoom,
  sameJson,
  writeProcess,
  writeRecord,
} from '../../../../src/shared/live/bridge';
import type { Vote, WorkshopRecord } from '../../../../src/shared/live/schema';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import { createGeneratedProcess } from '../../../../src/shared/model/generate';
import type { Process } from '../../../../src/shared/model/schema';
import { applyEdits, baseArb, editArb } from '../review/arbitraries';

const NOW = '2026-11-27T10:00:00.000Z';
/** The process as JSON carries it (no `undefined` members). */
const asJson = (p: Process) => JSON.parse(JSON.stringify(p)) as Process;

/** The bytes of every update `doc` emits while `fn` runs. */
function updatesOf(doc: Y.Doc, fn: () => void): Uint8Array[] {
  const out: Uint8Array[] = [];
  const listen = (u: Uint8Array) => out.push(u);
  doc.on('update', listen);
  fn();
  doc.off('update', listen);
  return out;
}

/** What a browser holding nothing gets: the host document's state, applied to a fresh document. */
function replica(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** The JSON size of the process's top-level pieces that differ (what a minimal update must carry). */
function changedBytes(a: Process, b: Process): number {
  const pieces = (p: Process) => {
    const { departments, stages, transitions, kpis, ...meta } = p;
    const out = new Map<string, unknown>([['meta', meta], ['order', [departments, stages, transitions, kpis].map((c) => c.map((i) => i.id))]]);
    for (const [name, list] of Object.entries({ departments, stages, transitions, kpis })) for (const item of list) out.set(`${name}/${item.id}`, item);
    return out;
  };
  const x = pieces(a);
  const y = pieces(b);
  let bytes = 0;
  for (const [key, value] of y) if (!sameJson(x.get(key), value)) bytes += JSON.stringify(value).length;
  return bytes;
}

describe('live bridge: the process in the room document', () => {
  it('reads back exactly the process it wrote, here and in a replica', () => {
    fc.assert(
      fc.property(baseArb, (process) => {
        const doc = new Y.Doc();
        writeProcess(doc, process);
        expect(readProcess(doc)).toEqual(asJson(process));
        expect(readProcess(replica(doc))).toEqual(asJson(process));
      }),
      { numRuns: 60 },
    );
  });

  it('follows any sequence of edits, written one after another, in one update each', () => {
    fc.assert(
      fc.property(baseArb, fc.array(fc.array(editArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (base, steps) => {
        const doc = new Y.Doc();
        const browser = new Y.Doc();
        doc.on('update', (u: Uint8Array) => Y.applyUpdate(browser, u));
        writeProcess(doc, base);
        let current = base;
        steps.forEach((edits, n) => {
          current = applyEdits(current, edits, `s${n}`);
          const updates = updatesOf(doc, () => writeProcess(doc, current));
          expect(updates.length).toBeLessThanOrEqual(1);
          expect(readProcess(doc)).toEqual(asJson(current));
          expect(readProcess(browser)).toEqual(asJson(current));
        });
      }),
      { numRuns: 60 },
    );
  });

  it('sends only the changed pieces: a second write with small changes makes a small update', () => {
    fc.assert(
      fc.property(baseArb, fc.array(editArb, { minLength: 1, maxLength: 2 }), (base, edits) => {
        const doc = new Y.Doc();
        writeProcess(doc, base);
        const next = applyEdits(base, edits, 'x');
        const bytes = updatesOf(doc, () => writeProcess(doc, next)).reduce((n, u) => n + u.length, 0);
        // The changed pieces as JSON, plus bookkeeping (ids, deletions, keys) per change.
        expect(bytes).toBeLessThanOrEqual(changedBytes(base, next) + 300);
      }),
      { numRuns: 100 },
    );
  });

  it('writes nothing when nothing changed', () => {
    const process = createSampleProcess(NOW);
    const doc = new Y.Doc();
    writeProcess(doc, process);

    expect(updatesOf(doc, () => writeProcess(doc, structuredClone(process)))).toEqual([]);
  });

  it('keeps the update for one changed field label under 2% of the document (300 fields)', () => {
    const process = createGeneratedProcess({ stages: 30, fields: 300, seed: 7 });
    const doc = new Y.Doc();
    writeProcess(doc, process);
    const full = Y.encodeStateAsUpdate(doc).length;
    const next = structuredClone(process);
    const stage = next.stages.find((s) => s.fields.length > 0)!;
    stage.fields[0]!.label = 'Renamed live';

    const update = updatesOf(doc, () => writeProcess(doc, next))[0]!;

    expect(update.length / full).toBeLessThan(0.02);
    console.log(`bridge: full document ${full} B; one label changed ${update.length} B`);
  });

  it('reads nothing from an empty document, and refuses content that is not a valid process', () => {
    const doc = new Y.Doc();
    expect(readProcess(doc)).toBeNull();

    writeProcess(doc, createSampleProcess(NOW));
    const stages = doc.getMap('process').get('stages') as Y.Map<unknown>;
    const [id, stage] = [...stages.entries()][0]!;
    stages.set(id, { ...(stage as object), expectedDays: -5 });

    expect(readProcess(doc)).toBeNull();
  });
});

describe('live bridge: the workshop in the room and facilitator documents', () => {
  const vote = (participantId: string, choice: Vote['choice']): Vote => ({ stageId: 's1', fieldId: 'f1', participantId, departmentId: 'sales', choice, at: NOW });
  const record = (revealed: boolean): WorkshopRecord => ({
    version: 1,
    workshopId: 'w1',
    processId: 'p1',
    startedAt: NOW,
    participants: [{ id: 'u1', name: 'Sam', departmentId: 'sales', role: 'participant', joinedAt: NOW }],
    marks: [{ stageId: 's1', fieldId: 'f1', participantId: 'u1', fills: false, reads: true, at: NOW }],
    votes: [vote('u1', 'drop')],
    challenges: [],
    resultsRevealed: revealed,
    appliedOps: [],
    refused: [],
  });

  it('puts votes in the room only while revealed, and always in the facilitator document', () => {
    const docs = { room: new Y.Doc(), facilitator: new Y.Doc() };

    writeRecord(docs, record(false));
    const hidden = readRoom(replica(docs.room));
    writeRecord(docs, record(true));
    const shown = readRoom(replica(docs.room));
    writeRecord(docs, record(false));
    const hiddenAgain = readRoom(replica(docs.room));

    expect(hidden).toMatchObject({ votes: [], resultsRevealed: false, participants: [{ name: 'Sam' }], marks: [{ reads: true }] });
    expect(shown).toMatchObject({ votes: [{ participantId: 'u1', choice: 'drop' }], resultsRevealed: true });
    expect(hiddenAgain.votes).toEqual([]);
    expect(readFacilitatorVotes(replica(docs.facilitator))).toEqual([vote('u1', 'drop')]);
  });

  it('changes one vote with one small update per document, and removes it with choice null', () => {
    const docs = { room: new Y.Doc(), facilitator: new Y.Doc() };
    writeRecord(docs, record(false));

    const roomUpdates = updatesOf(docs.room, () => putVote(docs, { fieldId: 'f1', participantId: 'u2' }, vote('u2', 'keep'), false));
    const facilitatorVotes = readFacilitatorVotes(docs.facilitator);
    putVote(docs, { fieldId: 'f1', participantId: 'u1' }, null, false);

    expect(roomUpdates).toEqual([]);
    expect(facilitatorVotes.map((v) => v.participantId).sort()).toEqual(['u1', 'u2']);
    expect(readFacilitatorVotes(docs.facilitator).map((v) => v.participantId)).toEqual(['u2']);
  });

  it('keeps the newest feed items and counts comment changes', () => {
    const room = new Y.Doc();
    for (let n = 0; n < FEED_LIMIT + 5; n++) pushFeed(room, { at: NOW, participantId: 'u1', kind: 'comment', text: `c${n}` });
    bumpComments(room);
    bumpComments(room);

    const view = readRoom(room);

    expect(view.feed).toHaveLength(FEED_LIMIT);
    expect(view.feed[0]!.text).toBe('c5');
    expect(view.commentsVersion).toBe(2);
  });

  it('leaves out entries a document holds that are not valid', () => {
    const docs = { room: new Y.Doc(), facilitator: new Y.Doc() };
    writeRecord(docs, record(true));
    docs.room.getMap('participants').set('evil', { id: 'evil', name: '', role: 'admin' });
    docs.room.getMap('votes').set('x', { choice: 'burn' });

    const view = readRoom(docs.room);

    expect(view.participants.map((p) => p.id)).toEqual(['u1']);
    expect(view.votes).toHaveLength(1);
  });
});
