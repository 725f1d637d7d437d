import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({
  app: {},
  BrowserWindow: vi.fn(),
  Menu: { buildFromTemplate: vi.fn(), setApplicationMenu: vi.fn() },
  dialog: {},
  session: { defaultSession: { webRequest: { onHeadersReceived: vi.fn() }, setPermissionRequestHandler: vi.fn() } },
  shell: { openExternal: vi.fn(() => Promise.resolve()) },
}));

import { shell } from 'electron';
import { hardenWebContents, isAppUrl, windowOptions } from '../../../src/main/window';
import { registerIpc, trustedSender } from '../../../src/main/ipc';
import { buildMenuTemplate } from '../../../src/main/menu';
import { CHANNELS } from '../../../src/shared/api/contract';

const APP_URL = 'file:///opt/stagecraft/out/renderer/index.html';

function fakeContents() {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    setWindowOpenHandler: vi.fn((h: typeof openHandler) => {
      openHandler = h;
    }),
    on: vi.fn((event: string, listener: (...args: unknown[]) => void) => {
      listeners.set(event, listener);
      return contents;
    }),
  };
  return {
    contents,
    open: (url: string) => openHandler!({ url }),
    navigate(url: string) {
      const event = { preventDefault: vi.fn() };
      listeners.get('will-navigate')!(event, url);
      return event.preventDefault.mock.calls.length > 0;
    },
  };
}

describe('Electron window', () => {
  it('runs the renderer isolated, sandboxed and without Node', () => {
    const prefs = windowOptions('/app/out/preload/index.js').webPreferences!;

    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe('/app/out/preload/index.js');
  });

  it('denies window.open and sends web links to the system browser', () => {
    const fake = fakeContents();
    hardenWebContents(fake.contents as never, APP_URL);

    expect(fake.open('https://example.com/docs')).toEqual({ action: 'deny' });
    expect(fake.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/docs');
    expect(shell.openExternal).not.toHaveBeenCalledWith('file:///etc/passwd');
  });

  it('blocks navigation away from the app', () => {
    const fake = fakeContents();
    hardenWebContents(fake.contents as never, APP_URL);

    expect(fake.navigate('https://evil.example/')).toBe(true);
    expect(fake.navigate('file:///etc/passwd')).toBe(true);
    expect(fake.navigate(`${APP_URL}#/process/1`)).toBe(false);
  });

  it('recognises the dev server as the app by origin', () => {
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });

  it('has a File / Edit / View / Help menu with a New process item', () => {
    const template = buildMenuTemplate({ newProcess: vi.fn() }, false, 'linux');

    expect(template.map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'help']);
    const file = template[0]!.submenu as { label?: string }[];
    expect(file.map((i) => i.label)).toContain('New process');
    const view = template[2]!.submenu as { role?: string }[];
    expect(view.some((i) => i.role === 'toggleDevTools')).toBe(false);
  });
});

describe('registerIpc', () => {
  function setup() {
    const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
    const ipcMain = {
      handle: vi.fn((channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        handlers.set(channel, fn);
      }),
    };
    const dispatch = vi.fn(async () => ({ ok: true as const, value: { processes: [], setAside: [] } }));
    registerIpc(ipcMain as never, dispatch as never, trustedSender(APP_URL));
    return { handlers, ipcMain, dispatch };
  }

  it('registers exactly one handler per contract channel', () => {
    const { handlers, ipcMain } = setup();

    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(ipcMain.handle).toHaveBeenCalledTimes(CHANNELS.length);
  });

  it('dispatches a call from the app page', async () => {
    const { handlers, dispatch } = setup();

    const result = await handlers.get('process:list')!({ senderFrame: { url: APP_URL } }, {});

    expect(result).toMatchObject({ ok: true });
    expect(dispatch).toHaveBeenCalledWith('process:list', {});
  });

  it('rejects an untrusted sender without dispatching', async () => {
    const { handlers, dispatch } = setup();

    for (const frame of [{ url: 'https://evil.example/' }, { url: 'file:///tmp/other.html' }, null]) {
      const result = await handlers.get('process:list')!({ senderFrame: frame }, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(dispatch).not.toHaveBeenCalled();
  });
});
