import { beforeEach, describe, expect, it, vi } from 'vitest';

const exposeInMainWorld = vi.fn();
const invoke = vi.fn(async () => ({ ok: true, value: {} }));
// A tiny ipcRenderer event emitter: enough to see which listeners are attached and to emit to them.
const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
const ipcOn = vi.fn((event: string, listener: (...args: unknown[]) => void) => {
  if (!listeners.has(event)) listeners.set(event, new Set());
  listeners.get(event)!.add(listener);
});
const removeListener = vi.fn((event: string, listener: (...args: unknown[]) => void) => {
  listeners.get(event)?.delete(listener);
});
function emit(event: string, payload: unknown) {
  for (const listener of listeners.get(event) ?? []) listener({ sender: 'the ipcRenderer itself' }, payload);
}
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld },
  ipcRenderer: { invoke, on: ipcOn, removeListener },
}));

import { CHANNELS } from '../../../src/shared/api/contract';
import { EVENT_NAMES } from '../../../src/shared/api/events';
import { PRELOAD_CHANNELS, PRELOAD_EVENTS } from '../../../src/preload/channels';

type Api = {
  invoke: (channel: string, input: unknown) => Promise<unknown>;
  on: (event: string, callback: (payload: unknown) => void) => () => void;
};

async function exposed() {
  vi.resetModules();
  exposeInMainWorld.mockClear();
  await import('../../../src/preload/index');
  expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
  return { key, api: api as Api };
}

describe('preload', () => {
  beforeEach(() => {
    invoke.mockClear();
    ipcOn.mockClear();
    removeListener.mockClear();
    listeners.clear();
  });

  it('exposes only invoke and on, as window.stagecraft', async () => {
    const { key, api } = await exposed();

    expect(key).toBe('stagecraft');
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });

  it('refuses to subscribe to an event outside the contract', async () => {
    const { api } = await exposed();

    for (const name of ['ELECTRON_BROWSER_REQUIRE', 'process:list', '', 'menu:command ']) {
      expect(() => api.on(name, () => undefined)).toThrow(/Unknown event/);
    }
    expect(ipcOn).not.toHaveBeenCalled();
  });

  it('hands the callback the payload only, never the IPC event (which carries ipcRenderer)', async () => {
    const { api } = await exposed();
    const callback = vi.fn();

    api.on('menu:command', callback);
    emit('menu:command', { command: 'new-process' });

    expect(ipcOn).toHaveBeenCalledWith('menu:command', expect.any(Function));
    expect(callback).toHaveBeenCalledTimes(1);
    expect(callback.mock.calls[0]).toEqual([{ command: 'new-process' }]);
  });

  it('returns an unsubscribe that removes exactly its listener, once', async () => {
    const { api } = await exposed();
    const first = vi.fn();
    const second = vi.fn();

    const stopFirst = api.on('menu:command', first);
    api.on('menu:command', second);
    stopFirst();
    stopFirst();
    emit('menu:command', { command: 'new-process' });

    expect(removeListener).toHaveBeenCalledTimes(1);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('lets the renderer hear that the open process changed on disk, payload only', async () => {
    const { api } = await exposed();
    const callback = vi.fn();

    const stop = api.on('process:changed-on-disk', callback);
    emit('process:changed-on-disk', { processId: 'pipeline', revision: 8 });
    stop();
    emit('process:changed-on-disk', { processId: 'pipeline', revision: 9 });

    expect(ipcOn).toHaveBeenCalledWith('process:changed-on-disk', expect.any(Function));
    expect(callback.mock.calls).toEqual([[{ processId: 'pipeline', revision: 8 }]]);
    expect(removeListener).toHaveBeenCalledWith('process:changed-on-disk', expect.any(Function));
  });

  it('knows exactly the contract events', () => {
    expect([...PRELOAD_EVENTS].sort()).toEqual([...EVENT_NAMES].sort());
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
