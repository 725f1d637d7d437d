import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateCommand } from '../../../src/main/cli/simulate';
import { createSampleProcess } from '../../../src/shared/model/sample';
import { makeProcess } from '../shared/sim/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'stagecraft-sim-'));
const samplePath = join(dir, 'sample.json');
writeFileSync(samplePath, JSON.stringify(createSampleProcess('2026-01-01T00:00:00.000Z')));
const badPath = join(dir, 'bad.json');
writeFileSync(badPath, JSON.stringify(makeProcess([{ id: 'start', kind: 'start' }, { id: 'won', kind: 'won' }], [['start', 'won', 0.5]])));
const notJson = join(dir, 'broken.json');
writeFileSync(notJson, '{ "schemaVersion": 2,');

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await simulateCommand(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

describe('stagecraft simulate', () => {
  it('prints headline, fields, stages, departments, KPI findings and percentiles for the sample', async () => {
    const r = await run(samplePath, '--runs', '2000');
    expect(r.code).toBe(0);
    for (const heading of ['Headline', 'Top 10 fields by burden', 'Per stage', 'Per requesting department', 'KPI findings', 'Monte Carlo (2,000 opportunities, seed 1)']) {
      expect(r.out).toContain(heading);
    }
  });

  it('shows progress on a terminal and keeps piped stderr clean', async () => {
    let terminal = '';
    let piped = '';
    await simulateCommand([samplePath, '--runs', '120000'], {
      stdout: () => undefined,
      stderr: Object.assign({ write: (s: string) => (terminal += s) }, { isTTY: true }),
    });
    await simulateCommand([samplePath, '--runs', '120000'], { stdout: () => undefined, stderr: { write: (s: string) => (piped += s) } });
    expect(terminal).toContain('Simulating 120,000 opportunities… 100%\n');
    expect(terminal.match(/\rSimulating/g)?.length).toBeGreaterThan(1);
    expect(piped).toBe('');
  });

  it('prints the same content as JSON with --json', async () => {
    const r = await run(samplePath, '--runs', '1000', '--seed', '9', '--json');
    const report = JSON.parse(r.out);
    expect(report.burden.headline.minutesPerOpportunity).toBeGreaterThan(0);
    expect(report.monteCarlo).toMatchObject({ runs: 1000, seed: 9 });
    expect(report.kpis.length).toBeGreaterThan(0);
  });

  it('prints the same report twice for the same seed', async () => {
    const a = await run(samplePath, '--runs', '1000', '--seed', 'x');
    const b = await run(samplePath, '--runs', '1000', '--seed', 'x');
    expect(a.out).toBe(b.out);
  });

  it('skips Monte Carlo with --runs 0', async () => {
    const r = await run(samplePath, '--runs', '0', '--json');
    expect(JSON.parse(r.out).monteCarlo).toBeNull();
  });

  it('exits 2 with one line for a bad --runs value', async () => {
    const r = await run(samplePath, '--runs', 'abc');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('--runs');
  });

  it('exits 2 with one line for a missing file', async () => {
    const r = await run(join(dir, 'nope.json'));
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([expect.stringContaining('no such file')]);
  });

  it('exits 2 for a file that is not JSON', async () => {
    const r = await run(notJson);
    expect(r.code).toBe(2);
    expect(r.err).toContain('not valid JSON');
  });

  it('exits 1 with located problems for an invalid process', async () => {
    const r = await run(badPath);
    expect(r.code).toBe(1);
    expect(r.err).toContain('stages[0]: ');
    expect(r.out).toBe('');
  });

  it('exits 2 for an unknown option', async () => {
    expect((await run(samplePath, '--fast')).code).toBe(2);
  });

  it('prints the same report for the same seed and thread count', async () => {
    const a = await run(samplePath, '--runs', '30000', '--seed', '5', '--threads', '3', '--json');
    const b = await run(samplePath, '--runs', '30000', '--seed', '5', '--threads', '3', '--json');
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    expect(JSON.parse(a.out).monteCarlo.runs).toBe(30000);
  });

  it('refuses a thread count that is not a whole number from 1', async () => {
    const r = await run(samplePath, '--threads', '0');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--threads must be a whole number');
  });

  it('has no run cap below exact integers', async () => {
    const r = await run(samplePath, '--runs', '99999999999999999999');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--runs must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  });
});
