import { describe, expect, it } from 'vitest';
import { createSampleProcess } from '../../../src/shared/model/sample';
import { findInProcess, presentationOrder } from '../../../src/renderer/src/features/canvas/presentation';

const sample = createSampleProcess('2026-11-27T09:00:00.000Z');
const name = (id: string): string => sample.stages.find((s) => s.id === id)!.name;

describe('presentation order', () => {
  it('walks the sample along its main flow, then Won, then Lost', () => {
    expect(presentationOrder(sample).map(name)).toEqual(['Lead', 'Qualified', 'Discovery', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost']);
  });
});

describe('find', () => {
  it('finds stages and fields by part of their name, stages first', () => {
    const hits = findInProcess(sample, 'po number');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ kind: 'field', label: 'PO number', stageName: 'Closed Won' });
    expect(findInProcess(sample, 'nego')[0]).toMatchObject({ kind: 'stage', label: 'Negotiation' });
    expect(findInProcess(sample, '   ')).toEqual([]);
  });
});
