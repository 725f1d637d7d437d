import { describe, expect, it } from 'vitest';
import { createSampleProcess } from '../../../src/shared/model/sample';
import { findInProcess, paddingClearOf, presentationOrder } from '../../../src/renderer/src/features/canvas/presentation';

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

describe('zooming clear of the caption', () => {
  const canvas = { left: 0, top: 0, right: 1280, bottom: 720 };

  it('keeps the stage above a caption that spans the bottom, with a margin', () => {
    const caption = { left: 16, top: 404, right: 1264, bottom: 704 };
    expect(paddingClearOf(canvas, caption, 24)).toEqual({ top: '24px', right: '24px', bottom: '340px', left: '24px' });
  });

  it('keeps the stage beside a caption on the right when that leaves more room', () => {
    const caption = { left: 900, top: 16, right: 1264, bottom: 704 };
    expect(paddingClearOf(canvas, caption, 24)).toMatchObject({ right: '404px', bottom: '24px' });
  });
});
