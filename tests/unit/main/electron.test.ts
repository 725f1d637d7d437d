import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({
  app: {},
  BrowserWindow: Object.assign(vi.fn(), { getFocusedWindow: vi.fn(() => null), getAllWindows: vi.fn(() => []) }),
  Menu: { buildFromTemplate: vi.fn(), setApplicationMenu: vi.fn() },
  dialog: { showMessageBox: vi.fn(async () => ({ response: 1 })) },
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: vi.fn() },
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
    },
  },
  shell: { openExternal: vi.fn(() => Promise.resolve()) },
}));

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserWindow, dialog, session, shell } from 'electron';
import { hardenWebContents, installContentSecurityPolicy, isAppUrl, openExternalSafely, rendererUrl, windowOptions } from '../../../src/main/window';
import { createAppProtocolHandler, resolveAppFile } from '../../../src/main/appProtocol';
import { registerIpc, trustedSender } from '../../../src/main/ipc';
import { buildMenuTemplate } from '../../../src/main/menu';
import { broadcastEvent, sendEvent, serverSentEvent } from '../../../src/main/events';
import { CHANNELS } from '../../../src/shared/api/contract';

const APP_URL = 'app://stagecraft/index.html';

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
    expect(dialog.showMessageBox).toHaveBeenCalled();
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
    const template = buildMenuTemplate(false, 'linux');

    expect(template.map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'help']);
    const file = template[0]!.submenu as { label?: string }[];
    expect(file.map((i) => i.label)).toContain('New process');
    const view = template[2]!.submenu as { role?: string }[];
    expect(view.some((i) => i.role === 'toggleDevTools')).toBe(false);
  });
});

describe('Electron security items', () => {
  it('opens allow-listed https links directly, asks before other web links, never opens other schemes', async () => {
    vi.mocked(shell.openExternal).mockClear();
    vi.mocked(dialog.showMessageBox).mockResolvedValueOnce({ response: 1, checkboxChecked: false });

    expect(await openExternalSafely('https://github.com/stagecraft')).toBe(true);
    expect(await openExternalSafely('https://unknown.example/')).toBe(false);
    expect(await openExternalSafely('file:///etc/passwd')).toBe(false);
    expect(await openExternalSafely('smb://host/share')).toBe(false);

    expect(shell.openExternal).toHaveBeenCalledWith('https://github.com/stagecraft');
    expect(shell.openExternal).not.toHaveBeenCalledWith('https://unknown.example/');
    expect(shell.openExternal).not.toHaveBeenCalledWith('file:///etc/passwd');
    expect(shell.openExternal).not.toHaveBeenCalledWith('smb://host/share');

    vi.mocked(dialog.showMessageBox).mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    expect(await openExternalSafely('http://intranet.example/report')).toBe(true);
    expect(shell.openExternal).toHaveBeenLastCalledWith('http://intranet.example/report');
  });

  it('honours ELECTRON_RENDERER_URL only when the app is not packaged', () => {
    expect(rendererUrl(false, 'http://localhost:5173/')).toBe('http://localhost:5173/');
    expect(rendererUrl(true, 'http://evil.example/')).toBe('app://stagecraft/index.html');
    expect(rendererUrl(false, undefined)).toBe('app://stagecraft/index.html');
  });

  it('denies permission requests and checks', () => {
    installContentSecurityPolicy(false);
    const check = vi.mocked(session.defaultSession.setPermissionCheckHandler).mock.calls[0]![0]!;
    const request = vi.mocked(session.defaultSession.setPermissionRequestHandler).mock.calls[0]![0]!;
    const answer = vi.fn();

    expect(check(null, 'media', 'app://stagecraft', {} as never)).toBe(false);
    request({} as never, 'notifications', answer, {} as never);
    expect(answer).toHaveBeenCalledWith(false);
  });

  it('serves the renderer over app:// only from its folder, with CSP on HTML', async () => {
    const read = vi.fn(async (file: string) => new TextEncoder().encode(`file ${file}`));
    const handler = createAppProtocolHandler('/opt/app/renderer', read);

    const page = await handler({ url: 'app://stagecraft/index.html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    // The facilitator's page reaches its own workshop host's live socket on loopback, and nothing else.
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self' ws://127.0.0.1:* wss://127.0.0.1:*;");
    // Dot segments are resolved by the URL parser and can never climb out of the folder.
    for (const url of ['app://stagecraft/../../etc/passwd', 'app://stagecraft/%2e%2e/%2e%2e/etc/passwd', 'app://stagecraft/a%2f..%2f..%2f..%2fetc']) {
      const file = resolveAppFile(url, '/opt/app/renderer');
      expect(file === undefined || file.startsWith('/opt/app/renderer/')).toBe(true);
    }
    expect((await handler({ url: 'app://other/index.html' })).status).toBe(404);
    expect((await handler({ url: 'app://stagecraft/a%5c..%5csecret' })).status).toBe(404);
    expect(resolveAppFile('app://stagecraft/assets/a.js', '/opt/app/renderer')).toBe('/opt/app/renderer/assets/a.js');
  });
});

describe('main-to-renderer events', () => {
  function fakeWindow(destroyed = false) {
    return { webContents: { send: vi.fn(), isDestroyed: vi.fn(() => destroyed) } };
  }
  function newProcessItem() {
    const file = buildMenuTemplate(false, 'linux')[0]!.submenu as { label?: string; click?: () => void }[];
    return file.find((item) => item.label === 'New process')!;
  }

  it('File › New process sends the typed menu:command event to the focused window', () => {
    const focused = fakeWindow();
    vi.mocked(BrowserWindow.getFocusedWindow).mockReturnValueOnce(focused as never);

    newProcessItem().click!();

    expect(focused.webContents.send).toHaveBeenCalledTimes(1);
    expect(focused.webContents.send).toHaveBeenCalledWith('menu:command', { command: 'new-process' });
  });

  it('falls back to the only window when none is focused, and does nothing with no window', () => {
    const only = fakeWindow();
    vi.mocked(BrowserWindow.getAllWindows).mockReturnValueOnce([only] as never);

    newProcessItem().click!();
    expect(only.webContents.send).toHaveBeenCalledWith('menu:command', { command: 'new-process' });

    expect(() => newProcessItem().click!()).not.toThrow();
  });

  it('refuses a payload the contract does not allow, before anything is sent', () => {
    const target = fakeWindow().webContents;

    expect(() => sendEvent(target, 'menu:command', { command: 'format-disk' } as never)).toThrow(/menu:command.*command/);
    expect(target.send).not.toHaveBeenCalled();
  });

  it('skips a destroyed window', () => {
    const target = fakeWindow(true).webContents;

    expect(sendEvent(target, 'menu:command', { command: 'new-process' })).toBe(false);
    expect(target.send).not.toHaveBeenCalled();
  });

  it('sends process:changed-on-disk to every live window, parsed against the contract', () => {
    const windows = [fakeWindow(), fakeWindow(true), fakeWindow()];

    const sent = broadcastEvent(windows.map((w) => w.webContents), 'process:changed-on-disk', { processId: 'pipeline', revision: 12 });

    expect(sent).toBe(2);
    expect(windows[0]!.webContents.send).toHaveBeenCalledWith('process:changed-on-disk', { processId: 'pipeline', revision: 12 });
    expect(windows[1]!.webContents.send).not.toHaveBeenCalled();
    expect(() => broadcastEvent([windows[0]!.webContents], 'process:changed-on-disk', { processId: 'a b', revision: 1 })).toThrow(/processId/);
    expect(serverSentEvent('process:changed-on-disk', { processId: 'pipeline', revision: 12 })).toBe(
      'event: process:changed-on-disk\ndata: {"processId":"pipeline","revision":12}\n\n',
    );
  });

  it('no main-side code runs script in the page (executeJavaScript)', () => {
    const root = join(__dirname, '../../../src/main');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.filter((f) => readFileSync(join(root, f), 'utf8').includes('executeJavaScript'));

    expect(offenders).toEqual([]);
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

    for (const frame of [{ url: 'https://evil.example/' }, { url: 'file:///tmp/other.html' }, { url: 'app://other/index.html' }, null]) {
      const result = await handlers.get('process:list')!({ senderFrame: frame }, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(dispatch).not.toHaveBeenCalled();
  });
});
