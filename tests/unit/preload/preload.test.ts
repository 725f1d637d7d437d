import { beforeEach, describe, expect, it, vi } from 'vitest';

const exposeInMainWorld = vi.fn();
const invoke = vi.fn(async () => ({ ok: true, value: {} }));
vi.mock('electron', () => ({ contextBridge: { exposeInMainWorld }, ipcRenderer: { invoke } }));

import { CHANNELS } from '../../../src/shared/api/contract';
import { PRELOAD_CHANNELS } from '../../../src/preload/channels';

async function exposed() {
  vi.resetModules();
  exposeInMainWorld.mockClear();
  await import('../../../src/preload/index');
  expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
  return { key, api: api as { invoke: (channel: string, input: unknown) => Promise<unknown> } };
}

describe('preload', () => {
  beforeEach(() => invoke.mockClear());

  it('exposes only invoke, as window.stagecraft', async () => {
    const { key, api } = await exposed();

    expect(key).toBe('stagecraft');
    expect(Object.keys(api)).toEqual(['invoke']);
  });

  it('forwards a contract channel to ipcRenderer.invoke', async () => {
    const { api } = await exposed();

    await api.invoke('process:list', {});

    expect(invoke).toHaveBeenCalledWith('process:list', {});
  });

  it('refuses a channel that is not in the contract', async () => {
    const { api } = await exposed();

    const result = await api.invoke('ELECTRON_BROWSER_REQUIRE', 'fs');

    expect(result).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('knows exactly the contract channels', () => {
    expect([...PRELOAD_CHANNELS].sort()).toEqual([...CHANNELS].sort());
  });
});
