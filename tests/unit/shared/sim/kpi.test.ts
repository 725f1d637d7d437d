import { describe, expect, it } from 'vitest';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import { computeExpectedBurden } from '../../../../src/shared/sim/expected';
import { checkKpis, type KpiFinding } from '../../../../src/shared/sim/kpi';
import type { Kpi, Process } from '../../../../src/shared/model/schema';
import { branching } from './fixtures';

function findings(process: Process): KpiFinding[] {
  const r = computeExpectedBurden(process);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return checkKpis(process, r);
}

const kpi = (id: string, kind: Kpi['kind'], target: number): Kpi => ({ id, kind, target, note: '' });

describe('KPI sanity check', () => {
  it('reports the coverage-versus-conversion contradiction in the sample, with numbers', () => {
    const f = findings(createSampleProcess('2026-01-01T00:00:00.000Z'));
    const contradiction = f.find((x) => x.kind === 'contradiction' && x.kpiIds.includes('kpi-pipeline-coverage') && x.kpiIds.includes('kpi-opportunity-conversion'));
    expect(contradiction?.severity).toBe('error');
    expect(contradiction?.message).toContain('3× pipeline coverage implies about 33% conversion, so a 60% conversion target cannot hold');
  });

  it('says what win rate the sample’s coverage target needs and what the graph implies', () => {
    const f = findings(createSampleProcess('2026-01-01T00:00:00.000Z'));
    const coverage = f.find((x) => x.kind === 'pipeline-coverage')!;
    expect(coverage.message).toMatch(/^3× coverage needs a win rate near 33%; this process implies \d+%/);
    expect(coverage.severity).toBe('error');
  });

  it('compares an opportunity-conversion target with P(won)', () => {
    const p = { ...branching(), kpis: [kpi('c', 'opportunity-conversion', 0.42)] };
    const [finding] = findings(p);
    expect(finding).toMatchObject({ kind: 'opportunity-conversion', severity: 'ok' });
    expect(finding!.implied).toBeCloseTo(0.4, 10);
  });

  it('reads the win rate from the most likely stage after the start', () => {
    // start → a 0.6 / b 0.4; a is won half the time.
    const p = { ...branching(), kpis: [kpi('w', 'win-rate', 0.5)] };
    const [finding] = findings(p);
    expect(finding!.implied).toBeCloseTo(0.5, 10);
    expect(finding!.message).toContain('deals that reach “a” are won 50% of the time');
  });

  it('accepts coverage that matches the implied win rate', () => {
    const p = { ...branching(), kpis: [kpi('cov', 'pipeline-coverage', 2.5)] };
    expect(findings(p)[0]).toMatchObject({ severity: 'ok' });
  });

  it('flags a sales-cycle target far from the expected days to close', () => {
    const p = { ...branching(), kpis: [kpi('d', 'sales-cycle-days', 7)] };
    const [finding] = findings(p);
    expect(finding!.severity).toBe('error');
    expect(finding!.message).toContain('imply 15 days on average, 8 days longer');
  });

  it('reads the win rate from the start stage when told there is no qualifying stage', () => {
    const p = { ...branching(), kpis: [kpi('w', 'win-rate', 0.5)] };
    const r = computeExpectedBurden(p);
    if (!r.ok) throw new Error('fixture invalid');
    expect(checkKpis(p, { ...r, qualified: null })[0]!.implied).toBeCloseTo(0.4, 10);
  });

  it('flags a win-rate target below the conversion target as a contradiction', () => {
    const p = { ...branching(), kpis: [kpi('w', 'win-rate', 0.2), kpi('c', 'opportunity-conversion', 0.4)] };
    expect(findings(p).some((x) => x.kind === 'contradiction' && x.kpiIds.join() === 'w,c')).toBe(true);
  });
});
