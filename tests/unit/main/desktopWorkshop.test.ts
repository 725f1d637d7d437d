import { describe, expect, it, vi } from 'vitest';

// The shell's modules are loaded as in electron.test.ts: with a mocked `electron`.
vi.mock('electron', () => ({ app: {}, ipcMain: { handle: vi.fn() } }));

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import type { ApiResult, Channel, Output } from '../../../src/shared/api/contract';
import { createDesktopApi } from '../../../src/main/desktopWorkshop';
import { registerIpc, trustedSender } from '../../../src/main/ipc';
import { createWorkspace } from '../../../src/main/services/workspace';
import { tempDir } from './helpers';
import { join as joinWith, openLive, post, send } from './liveHelpers';

const APP_URL = 'app://stagecraft/index.html';

async function desktop() {
  const base = await tempDir();
  const rendererDir = join(base, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Stagecraft</title>');
  const workspace = createWorkspace({ dir: join(base, 'ws') });
  await workspace.recovery();
  const shell = createDesktopApi(workspace, { rendererDir, appUrl: APP_URL });
  const handlers = new Map<string, (event: IpcMainInvokeEvent, input: unknown) => Promise<ApiResult<Channel>>>();
  registerIpc({ handle: (channel: string, h: never) => handlers.set(channel, h) } as never, shell.api.dispatch, trustedSender(APP_URL));
  const window = { senderFrame: { url: APP_URL } } as unknown as IpcMainInvokeEvent;
  const invoke = async <C extends Channel>(channel: C, input: unknown) => {
    const result = await handlers.get(channel)!(window, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value as Output<C>;
  };
  return { shell, invoke };
}

describe('desktop app: Start workshop', () => {
  it('serves nothing over HTTP until a workshop starts', async () => {
    const { shell } = await desktop();

    expect(shell.host.url()).toBeUndefined();
    await shell.close();
  });

  it('starts an HTTP host (loopback + LAN) over IPC that shares the window’s workshop service, and stops it when the workshop ends', async () => {
    const { shell, invoke } = await desktop();
    const { processes } = await invoke('process:list', {});
    const process = await invoke('process:open', { id: processes[0]!.id });

    const info = await invoke('workshop:start', { processId: process.id, bind: '127.0.0.2' });

    const loopbackUrl = shell.host.url()!;
    expect(loopbackUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(info.addresses).toEqual([loopbackUrl, expect.stringMatching(/^http:\/\/127\.0\.0\.2:\d+\/$/)]);
    const lan = { url: new URL(info.joinUrl).origin + '/' };
    const cookie = await joinWith(lan, new URL(info.joinUrl).searchParams.get('token')!);
    expect((await send(lan, '/', { headers: { cookie } })).status).toBe(200);
    expect((await post(lan, 'workshop:profile', { name: 'Sam', departmentId: process.departments[0]!.id }, { cookie })).status).toBe(200);
    // The participant who joined over HTTP is in the workshop the window sees over IPC: one service.
    const status = await invoke('workshop:status', {});
    expect(status.workshop?.participants.map((p) => p.name)).toEqual(['Sam']);
    // The window (app://stagecraft) may open the facilitator's live socket on loopback.
    const facilitator = await openLive({ url: loopbackUrl }, info.docs.facilitator, { origin: 'app://stagecraft' });
    expect(facilitator.ok).toBe(true);
    if (facilitator.ok) facilitator.ws.terminate();

    await invoke('workshop:end', {});

    expect(shell.host.url()).toBeUndefined();
    await expect(send(lan, '/', { headers: { cookie } })).rejects.toThrow(/ECONNREFUSED/);
    await expect(send({ url: loopbackUrl }, '/')).rejects.toThrow(/ECONNREFUSED/);
    await shell.close();
  });
});
