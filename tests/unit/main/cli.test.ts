import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/main/cli';
import { createServer } from 'node:net';
import { DEFAULT_PORT, hostCommand } from '../../../src/main/cli/host';
import { startCommand } from '../../../src/main/cli/start';
import { validateCommand } from '../../../src/main/cli/validate';
import { createSampleProcess } from '../../../src/shared/model/sample';
import { parseProcess } from '../../../src/shared/model/problems';
import { captureIo, tempDir } from './helpers';

const sample = () => createSampleProcess('2026-11-27T10:15:00.000Z');

describe('stagecraft validate', () => {
  it('exits 0 and prints valid for a good document', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'good.json'), JSON.stringify(sample()));
    const io = captureIo(dir);

    const code = await validateCommand(['good.json'], io);

    expect(code).toBe(0);
    expect(io.out()).toMatch(/^valid$/m);
    for (const line of io.out().trim().split('\n').filter((l) => l !== 'valid')) expect(line).toMatch(/^warning: /);
  });

  it('exits 1 and prints every schema problem with its location', async () => {
    const dir = await tempDir();
    const doc = sample() as unknown as { stages: { fields: { secondsToComplete: number }[] }[]; name: string };
    const stage = doc.stages.findIndex((s) => s.fields.length > 0);
    doc.stages[stage]!.fields[0]!.secondsToComplete = -5;
    doc.name = '';
    await writeFile(join(dir, 'bad.json'), JSON.stringify(doc));
    const io = captureIo(dir);

    const code = await validateCommand(['bad.json'], io);

    expect(code).toBe(1);
    expect(io.out()).toContain(`stages[${stage}].fields[0].secondsToComplete: must be ≥ 0`);
    expect(io.out()).toContain('name: must not be empty');
  });

  it('exits 1 for a semantic error', async () => {
    const dir = await tempDir();
    const doc = sample();
    await writeFile(
      join(dir, 'dangling.json'),
      JSON.stringify({ ...doc, transitions: [...doc.transitions, { id: 'ghost', from: doc.stages[0]!.id, to: 'nowhere', probability: 0, label: '' }] }),
    );
    const io = captureIo(dir);

    const code = await validateCommand(['dangling.json'], io);

    expect(code).toBe(1);
    expect(io.out()).toMatch(/^transitions\[\d+\]\.to: .+/m);
  });

  it('exits 2 with one line for a missing or unparseable file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'junk.json'), '{ nope');
    const missing = captureIo(dir);
    const junk = captureIo(dir);

    expect(await validateCommand(['missing.json'], missing)).toBe(2);
    expect(await validateCommand(['junk.json'], junk)).toBe(2);
    expect(missing.err().trim().split('\n')).toHaveLength(1);
    expect(junk.err()).toMatch(/not valid JSON/);
  });

  it('accepts a valid document saved with a UTF-8 byte-order mark, through validate and simulate', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'bom.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(sample()))]));
    const validated = captureIo(dir);
    const simulated = captureIo(dir);

    expect(await validateCommand(['bom.json'], validated)).toBe(0);
    expect(validated.out()).toMatch(/^valid$/m);
    expect(await main(['simulate', 'bom.json', '--runs', '0', '--json'], simulated)).toBe(0);
    expect(simulated.err()).not.toMatch(/not valid JSON/);
    expect(JSON.parse(simulated.out())).toBeTypeOf('object');
  });

  it('names the line and column of a syntax error and shows an invisible character escaped', async () => {
    const dir = await tempDir();
    // A zero-width space pasted before a value on line 3, column 12.
    await writeFile(join(dir, 'broken.json'), '{\n  "a": 1,\n  "name": \u200B"x"\n}\n');
    const validated = captureIo(dir);
    const simulated = captureIo(dir);

    expect(await validateCommand(['broken.json'], validated)).toBe(2);
    expect(await main(['simulate', 'broken.json'], simulated)).toBe(2);
    for (const io of [validated, simulated]) {
      expect(io.err()).toContain('broken.json: not valid JSON (line 3, column 11');
      expect(io.err()).toContain('\\u200B');
    }
  });
});

describe('stagecraft CLI', () => {
  it('sample prints a valid document', async () => {
    const io = captureIo(await tempDir());

    expect(await main(['sample'], io)).toBe(0);
    expect(parseProcess(JSON.parse(io.out())).ok).toBe(true);
  });

  it('prints usage and exits 2 for an unknown command', async () => {
    const io = captureIo(await tempDir());

    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.err()).toContain('Usage: stagecraft');
  });

  it('prints usage and exits 0 for --help', async () => {
    const io = captureIo(await tempDir());

    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toContain('host [--port N]');
  });

  it('host prints its URL, serves the API and stops cleanly', async () => {
    const dir = await tempDir();
    const io = captureIo(dir);
    let status = 0;

    const code = await hostCommand(['--port', '0', '--workspace', join(dir, 'ws')], io, {
      rendererDir: join(dir, 'renderer'),
      waitForShutdown: async (host) => {
        const res = await fetch(`${host.url}api/process:list`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        });
        status = res.status;
      },
    });

    expect(code).toBe(0);
    expect(status).toBe(200);
    expect(io.out()).toMatch(/^Stagecraft is running at http:\/\/127\.0\.0\.1:\d+\/$/m);
  });

  it('start falls back to the browser host with one line when Electron is unavailable', async () => {
    const dir = await tempDir();
    const io = captureIo(dir);
    const opened: string[] = [];

    const code = await startCommand(['--workspace', join(dir, 'ws')], io, {
      probe: () => ({ ok: false, reason: 'No Electron binary available' }),
      rendererDir: join(dir, 'renderer'),
      openBrowser: (url) => opened.push(url),
      waitForShutdown: async () => undefined,
    });

    expect(code).toBe(0);
    expect(io.out().split('\n')[0]).toBe('No Electron binary available — opening the browser host instead.');
    expect(opened).toHaveLength(1);
  });

  it('host without --port uses port 4317, or a free one when 4317 is taken', async () => {
    const dir = await tempDir();
    const blocker = createServer();
    await new Promise<void>((resolve) => {
      blocker.once('error', () => resolve()); // already taken by someone else: same situation
      blocker.listen(DEFAULT_PORT, '127.0.0.1', () => resolve());
    });
    const io = captureIo(dir);
    try {
      const code = await hostCommand(['--workspace', join(dir, 'ws')], io, {
        rendererDir: join(dir, 'renderer'),
        waitForShutdown: async () => undefined,
      });
      expect(code).toBe(0);
      const url = /running at (\S+)/.exec(io.out())?.[1] ?? '';
      expect(new URL(url).port).not.toBe(String(DEFAULT_PORT));
      expect(io.err()).toContain(`Port ${DEFAULT_PORT} is in use`);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('start launches Electron on the app folder when it is available', async () => {
    const io = captureIo(await tempDir());
    const launched: string[][] = [];

    const code = await startCommand(['--workspace', '/tmp/ws'], io, {
      probe: () => ({ ok: true, path: '/usr/bin/electron' }),
      launch: async (binary, args) => {
        launched.push([binary, ...args]);
        return 0;
      },
    });

    expect(code).toBe(0);
    expect(launched[0]!.slice(-2)).toEqual(['--workspace', '/tmp/ws']);
  });
});
