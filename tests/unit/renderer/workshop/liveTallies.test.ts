import { describe, expect, it } from 'vitest';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import { registerTallies, votesHeat } from '../../../../src/renderer/src/features/workshop/liveTallies';
import { svgDataUrl } from '../../../../src/renderer/src/features/workshop/qrImage';
import type { FieldMark, Participant, Vote } from '../../../../src/shared/live/schema';

const doc = createSampleProcess('2026-11-27T09:00:00.000Z');
const stage = doc.stages.find((item) => item.fields.length >= 2)!;
const [first, second] = stage.fields as [(typeof stage.fields)[0], (typeof stage.fields)[0]];
const at = '2026-11-27T12:00:00.000Z';
const participants: Participant[] = [
  { id: 'p-sam', name: 'Sam', departmentId: 'sales', role: 'participant', joinedAt: at },
  { id: 'p-fin', name: 'Fina', departmentId: 'finance', role: 'participant', joinedAt: at },
];
const marks: FieldMark[] = [
  { stageId: stage.id, fieldId: first.id, participantId: 'p-sam', fills: true, reads: false, at },
  { stageId: stage.id, fieldId: first.id, participantId: 'p-fin', fills: false, reads: true, at },
];
const votes: Vote[] = [
  { stageId: stage.id, fieldId: first.id, participantId: 'p-sam', departmentId: 'sales', choice: 'drop', at },
  { stageId: stage.id, fieldId: first.id, participantId: 'p-fin', departmentId: 'finance', choice: 'keep', at },
  { stageId: stage.id, fieldId: second.id, participantId: 'p-fin', departmentId: 'finance', choice: 'drop', at },
];

describe('the room’s tallies in the register and on the canvas', () => {
  it('counts fills and reads per field, with the split per department as hover text', () => {
    const cells = registerTallies(doc, { marks, votes, participants }, true);
    const cell = cells.get(first.id)!;
    expect([cell.fills, cell.reads]).toEqual([1, 1]);
    expect(cell.marksTitle).toContain('Sales: 1 fill, 0 read');
    expect(cell.marksTitle).toContain('Finance: 0 fill, 1 read');
    expect(cell.votes).toMatchObject({ keep: 1, drop: 1, unsure: 0, total: 2, dropShareText: '50%' });
    expect(cells.get(second.id)?.votes?.drop).toBe(1);
  });

  it('leaves out what a revoked participant said', () => {
    const revoked = participants.map((person) => (person.id === 'p-fin' ? { ...person, revokedAt: at } : person));
    const cell = registerTallies(doc, { marks, votes, participants: revoked }, true).get(first.id)!;
    expect([cell.fills, cell.reads, cell.votes?.keep, cell.votes?.drop]).toEqual([1, 0, 0, 1]);
  });

  it('has no vote cells while the votes are hidden from this browser', () => {
    const cells = registerTallies(doc, { marks, votes: [], participants }, false);
    expect(cells.get(first.id)?.votes).toBeUndefined();
    expect(cells.get(first.id)?.fills).toBe(1);
  });

  it('heats a stage by the share of its votes that say drop, on an absolute scale', () => {
    const heat = votesHeat(doc, { votes, participants });
    expect(heat.get(stage.id)).toBeCloseTo(2 / 3);
    // A stage nobody voted on stays uncoloured, not "0 % drop".
    const other = doc.stages.find((item) => item.id !== stage.id)!;
    expect(heat.has(other.id)).toBe(false);
  });

  it('shows a QR code from the host as an image URL, never as markup', () => {
    const url = svgDataUrl('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text>é</text></svg>');
    expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true);
    const decoded = new TextDecoder().decode(Uint8Array.from(atob(url.split(',')[1]!), (c) => c.charCodeAt(0)));
    expect(decoded).toContain('<text>é</text>');
  });
});
