import { describe, expect, it } from 'vitest';
import { CommandError } from '../../../../src/shared/model/commands';
import { addKpi, deleteKpi, nextKpiId, updateKpi } from '../../../../src/shared/model/kpiCommands';
import type { Kpi, Process } from '../../../../src/shared/model/schema';
import { ProcessSchema } from '../../../../src/shared/model/schema';
import { deepFreeze } from '../../helpers/deepFreeze';
import { baseProcess } from '../../helpers/processes';

const coverage: Kpi = { id: 'kpi-cov', kind: 'pipeline-coverage', target: 3, setBy: 'finance', note: '3× target' };
const conversion: Kpi = { id: 'kpi-conv', kind: 'opportunity-conversion', target: 0.6, note: '' };

function withKpis(...kpis: Kpi[]): Process {
  return deepFreeze({ ...baseProcess(), kpis });
}

function refusal(run: () => unknown): CommandError {
  try {
    run();
  } catch (error) {
    if (error instanceof CommandError) return error;
    throw error;
  }
  throw new Error('expected the command to be refused');
}

describe('addKpi', () => {
  it('appends a KPI without touching the input', () => {
    const doc = withKpis(coverage);
    const next = addKpi(doc, conversion);
    expect(next.kpis.map((kpi) => kpi.id)).toEqual(['kpi-cov', 'kpi-conv']);
    expect(doc.kpis).toHaveLength(1);
    expect(ProcessSchema.safeParse(next).success).toBe(true);
  });

  it('inserts at the index given', () => {
    const next = addKpi(withKpis(coverage), conversion, 0);
    expect(next.kpis.map((kpi) => kpi.id)).toEqual(['kpi-conv', 'kpi-cov']);
  });

  it('refuses an id that is taken', () => {
    expect(refusal(() => addKpi(withKpis(coverage), { ...conversion, id: 'kpi-cov' })).code).toBe('duplicate-id');
  });

  it('refuses a negative target with a readable message', () => {
    const error = refusal(() => addKpi(withKpis(), { ...conversion, target: -1 }));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain('target');
  });

  it('refuses a department that does not exist', () => {
    expect(refusal(() => addKpi(withKpis(), { ...conversion, setBy: 'legal' })).code).toBe('not-found');
  });
});

describe('updateKpi', () => {
  it('changes the target and keeps the other KPIs shared', () => {
    const doc = withKpis(coverage, conversion);
    const next = updateKpi(doc, 'kpi-conv', { target: 0.3 });
    expect(next.kpis[1]).toEqual({ ...conversion, target: 0.3 });
    expect(next.kpis[0]).toBe(doc.kpis[0]);
    expect(doc.kpis[1]!.target).toBe(0.6);
  });

  it('returns the same document when nothing changes', () => {
    const doc = withKpis(coverage);
    expect(updateKpi(doc, 'kpi-cov', { target: 3, note: '3× target' })).toBe(doc);
  });

  it('clears setBy when the patch sets it to undefined', () => {
    const next = updateKpi(withKpis(coverage), 'kpi-cov', { setBy: undefined });
    expect('setBy' in next.kpis[0]!).toBe(false);
  });

  it('ignores an id in the patch', () => {
    const next = updateKpi(withKpis(coverage), 'kpi-cov', { note: 'x', ...({ id: 'other' } as object) });
    expect(next.kpis[0]!.id).toBe('kpi-cov');
  });

  it('refuses an unknown KPI and an invalid kind', () => {
    expect(refusal(() => updateKpi(withKpis(coverage), 'nope', { target: 1 })).code).toBe('not-found');
    expect(refusal(() => updateKpi(withKpis(coverage), 'kpi-cov', { kind: 'bogus' as Kpi['kind'] })).code).toBe('invalid');
  });
});

describe('deleteKpi', () => {
  it('removes the KPI without touching the input', () => {
    const doc = withKpis(coverage, conversion);
    const next = deleteKpi(doc, 'kpi-cov');
    expect(next.kpis.map((kpi) => kpi.id)).toEqual(['kpi-conv']);
    expect(doc.kpis).toHaveLength(2);
  });

  it('refuses an unknown KPI', () => {
    expect(refusal(() => deleteKpi(withKpis(), 'kpi-cov')).code).toBe('not-found');
  });
});

describe('nextKpiId', () => {
  it('skips ids that are taken', () => {
    expect(nextKpiId(withKpis({ ...coverage, id: 'kpi-2' }))).toBe('kpi-3');
    expect(nextKpiId(withKpis())).toBe('kpi-1');
  });
});
