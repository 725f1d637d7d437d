import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostCommand } from '../../../src/main/cli/host';
import { HOST_FILE } from '../../../src/main/services/hostRecord';
import { captureIo, tempDir } from './helpers';

describe('one host per workspace unless --shared', () => {
  it('a second host on a served workspace prints the existing URL instead of starting', async () => {
    const dir = await tempDir();
    const ws = join(dir, 'ws');
    const first = captureIo(dir);
    const second = captureIo(dir);
    let secondCode: number | undefined;
    let recordWhileServing: unknown;

    const code = await hostCommand(['--port', '0', '--workspace', ws], first, {
      rendererDir: dir,
      waitForShutdown: async (host) => {
        recordWhileServing = JSON.parse(await readFile(join(ws, HOST_FILE), 'utf8'));
        secondCode = await hostCommand(['--port', '0', '--workspace', ws], second, { rendererDir: dir });
        expect(second.out()).toContain(`This workspace is already served at ${host.url}`);
      },
    });

    expect(code).toBe(0);
    expect(secondCode).toBe(0);
    expect(recordWhileServing).toMatchObject({ pid: process.pid, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/) });
    expect(second.out()).not.toContain('Stagecraft is running at');
    expect(second.out()).toContain('--shared');
    // The record goes when its host stops.
    await expect(readFile(join(ws, HOST_FILE), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('--shared starts another host on the same workspace, and both serve it', async () => {
    const dir = await tempDir();
    const ws = join(dir, 'ws');
    const first = captureIo(dir);
    const second = captureIo(dir);
    const urls: string[] = [];

    await hostCommand(['--port', '0', '--workspace', ws], first, {
      rendererDir: dir,
      waitForShutdown: async (a) => {
        urls.push(a.url);
        await hostCommand(['--port', '0', '--workspace', ws, '--shared'], second, {
          rendererDir: dir,
          waitForShutdown: async (b) => {
            urls.push(b.url);
          },
        });
      },
    });

    expect(urls).toHaveLength(2);
    expect(urls[0]).not.toBe(urls[1]);
    expect(second.out()).toContain(`Stagecraft is running at ${urls[1]}`);
  });

  it('a record left by a dead host does not count', async () => {
    const dir = await tempDir();
    const ws = join(dir, 'ws');
    const io = captureIo(dir);
    await hostCommand(['--port', '0', '--workspace', ws], captureIo(dir), { rendererDir: dir, waitForShutdown: async () => undefined });
    const { hostname } = await import('node:os');
    await writeFile(
      join(ws, HOST_FILE),
      JSON.stringify({ pid: 999_999_999, url: 'http://127.0.0.1:1/', hostname: hostname(), startedAt: '' }),
    );

    let served = '';
    await hostCommand(['--port', '0', '--workspace', ws], io, {
      rendererDir: dir,
      waitForShutdown: async (host) => {
        served = host.url;
      },
    });

    expect(io.out()).toContain(`Stagecraft is running at ${served}`);
    expect(io.err()).toMatch(/Startup recovery in .*: removed 0 temp files/);
  });
});
