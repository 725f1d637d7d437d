import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/main/cli';
import { createWorkspace } from '../../../src/main/services/workspace';
import { createSampleProcess } from '../../../src/shared/model/sample';
import type { Process } from '../../../src/shared/model/schema';
import { captureIo, tempDir, tickingClock } from './helpers';

const sample = () => createSampleProcess('2026-11-27T10:00:00.000Z');

async function twoFiles(change: (d: Process) => void) {
  const dir = await tempDir();
  const a = sample();
  const b = structuredClone(a);
  change(b);
  await writeFile(join(dir, 'old.json'), JSON.stringify(a));
  await writeFile(join(dir, 'new.json'), JSON.stringify(b));
  return { dir, a, b };
}

describe('stagecraft diff', () => {
  it('prints the summary, the changes, the burden delta and who loses data, and exits 0', async () => {
    const { dir, a } = await twoFiles((d) => {
      d.stages.find((s) => s.id === 'discovery')!.fields.splice(0, 2);
      d.transitions.find((t) => t.id === 'negotiation-proposal')!.probability = 0.3;
      d.transitions.find((t) => t.id === 'negotiation-lost')!.probability = 0.15;
    });
    const io = captureIo(dir);

    const code = await main(['diff', 'old.json', 'new.json'], io);

    expect(code).toBe(0);
    const out = io.out();
    expect(out).toContain('Summary: removed 2 fields from Discovery; changed Negotiation → Proposal to 30%');
    const removed = a.stages.find((s) => s.id === 'discovery')!.fields.slice(0, 2);
    for (const f of removed) expect(out).toContain(`  - removed  ${f.label} (Discovery)`);
    expect(out).toMatch(/Minutes per deal\s+[\d.]+ → [\d.]+ min \(/);
    expect(out).toMatch(/Monthly cost\s+[\d,]+ → [\d,]+ EUR/);
    expect(out).toContain('Who loses data');
    expect(out).toContain(`${removed[0]!.label} (Discovery, removed): read by`);
  });

  it('prints JSON with --json that parses back to the same diff', async () => {
    const { dir } = await twoFiles((d) => {
      d.stages[0]!.position = { x: 5, y: 5 };
    });
    const io = captureIo(dir);

    expect(await main(['diff', 'old.json', 'new.json', '--json'], io)).toBe(0);

    const report = JSON.parse(io.out());
    expect(report.diff.stages).toEqual([expect.objectContaining({ kind: 'moved', id: 'lead', after: { x: 5, y: 5 } })]);
    expect(report.delta.figures.ok).toBe(true);
    expect(report.summary).toBe('moved 1 stage on the canvas');
  });

  it('exits 1 with located problems for an invalid file and 2 for an unreadable one', async () => {
    const { dir } = await twoFiles(() => undefined);
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ ...sample(), stages: [{ id: 'x y' }] }));
    await writeFile(join(dir, 'broken.json'), '{ "half": ');
    const invalid = captureIo(dir);
    const unreadable = captureIo(dir);
    const missing = captureIo(dir);

    expect(await main(['diff', 'old.json', 'bad.json'], invalid)).toBe(1);
    expect(await main(['diff', 'broken.json', 'new.json'], unreadable)).toBe(2);
    expect(await main(['diff', 'old.json', 'nope.json'], missing)).toBe(2);

    expect(invalid.err()).toContain('bad.json: not a valid process:');
    expect(invalid.err()).toContain('stages[0].id: may only contain letters');
    expect(unreadable.err()).toContain('broken.json: not valid JSON');
    expect(missing.err()).toContain('nope.json: cannot read the file');
  });
});

describe('stagecraft history', () => {
  it('lists the revisions of a process newest first with author, summary and reason', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ editor: { name: 'Ada', departmentId: 'finance' } }));
    const ws = createWorkspace({ dir, now: tickingClock() });
    let doc = await ws.create({ name: 'P', template: 'sample' });
    doc = await ws.save({ process: { ...doc, name: 'P2' }, baseRevision: 0, reason: 'clearer name' });
    const io = captureIo(dir);

    expect(await main(['history', '.', doc.id], io)).toBe(0);

    const lines = io.out().replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\s+1 {2}2026-11-27 \d\d:\d\d UTC {2}Ada \(finance\)\s+save\s+changed process name "P" → "P2" — reason: clearer name$/);
    expect(lines[1]).toMatch(/^\s+0 .* import\s+created "P" with 7 stages and 37 fields$/);
  });

  it('exits 1 for an unknown process and 2 for a missing workspace', async () => {
    const dir = await tempDir();
    const unknown = captureIo(dir);
    const missing = captureIo(dir);
    expect(await main(['history', '.', 'nope'], unknown)).toBe(1);
    expect(await main(['history', 'no-such-dir', 'x'], missing)).toBe(2);
    expect(unknown.err()).toContain('no process with id nope');
  });
});
