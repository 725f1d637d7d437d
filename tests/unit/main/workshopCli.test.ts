import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostCommand, pickProcess } from '../../../src/main/cli/host';
import { captureIo, tempDir } from './helpers';
import { send } from './liveHelpers';

const summary = (id: string, name: string) => ({ id, name }) as never;

describe('stagecraft host --lan: arguments', () => {
  it('refuses LAN options without --lan, half a TLS pair, and a bind that is not an address', async () => {
    const dir = await tempDir();
    for (const args of [
      ['--bind', '127.0.0.2'],
      ['--process', 'x'],
      ['--lan', '--tls-cert', join(dir, 'c.pem')],
      ['--lan', '--bind', 'my-laptop.local'],
      ['--lan', '--tls-cert', join(dir, 'missing.pem'), '--tls-key', join(dir, 'missing.pem')],
    ]) {
      const io = captureIo(dir);
      expect(await hostCommand(args, io), args.join(' ')).toBe(2);
      expect(io.err(), args.join(' ')).toMatch(/stagecraft host: /);
    }
  });

  it('picks the named process by id or name, else the most recently changed', () => {
    const list = [summary('p2', 'Renewals'), summary('p1', 'Lead to cash')];

    expect(pickProcess(list, undefined)).toMatchObject({ ok: true, process: { id: 'p2' } });
    expect(pickProcess(list, 'p1')).toMatchObject({ ok: true, process: { id: 'p1' } });
    expect(pickProcess(list, 'lead to CASH')).toMatchObject({ ok: true, process: { id: 'p1' } });
    expect(pickProcess(list, 'Nope')).toMatchObject({ ok: false, message: expect.stringContaining('p1 (Lead to cash)') });
    expect(pickProcess([summary('a', 'X'), summary('b', 'x')], 'x')).toMatchObject({ ok: false, message: expect.stringContaining('several') });
    expect(pickProcess([], undefined)).toMatchObject({ ok: false });
  });
});

describe('stagecraft host --lan', () => {
  it('opens the workshop, prints the join and observer URLs with a QR code, and ends it on shutdown', async () => {
    const dir = await tempDir();
    const ws = join(dir, 'ws');
    const io = captureIo(dir);
    let during: { join: number; noCookie: number } | undefined;

    const code = await hostCommand(['--lan', '--bind', '127.0.0.2', '--port', '0', '--workspace', ws], io, {
      rendererDir: dir,
      waitForShutdown: async () => {
        const joinUrl = /Join \(participants\): (\S+)/.exec(io.out())![1]!;
        const url = new URL(joinUrl);
        during = {
          join: (await send({ url: url.origin }, `${url.pathname}${url.search}`)).status,
          noCookie: (await send({ url: url.origin }, '/')).status,
        };
      },
    });

    expect(code).toBe(0);
    const out = io.out();
    expect(out).toMatch(/Join \(participants\): http:\/\/127\.0\.0\.2:\d+\/join\?token=[A-Za-z0-9_-]{43}/);
    expect(out).toMatch(/Watch \(observers, read-only\): http:\/\/127\.0\.0\.2:\d+\/join\?token=/);
    expect(out).toMatch(/[█▀▄]{10}/);
    expect(out).toContain('Plain HTTP: anyone on this network can read the traffic');
    expect(during).toEqual({ join: 303, noCookie: 401 });
    expect(out).toContain('Workshop ended');
    const processes = await readdir(join(ws, 'review'));
    const records = await readdir(join(ws, 'review', processes[0]!, 'workshops'));
    const record = JSON.parse(await readFile(join(ws, 'review', processes[0]!, 'workshops', records[0]!), 'utf8')) as { endedAt?: string };
    expect(record.endedAt).toBeDefined();
  });
});
