import { BrowserWindow, session, shell, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './security';

/** Locked-down window options: the renderer gets no Node, runs sandboxed, and sees only the preload's `invoke`. */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Stagecraft',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    },
  };
}

/** Where the renderer is loaded from: the dev server in `electron-vite dev`, else the built file. */
export function rendererUrl(mainDir: string, devServerUrl: string | undefined = process.env.ELECTRON_RENDERER_URL): string {
  if (devServerUrl) return devServerUrl;
  return pathToFileURL(join(mainDir, '..', 'renderer', 'index.html')).href;
}

/** True when `url` is the app's own page (same file, or same dev-server origin). */
export function isAppUrl(url: string, appUrl: string): boolean {
  let target: URL;
  let app: URL;
  try {
    target = new URL(url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:') return target.protocol === 'file:' && target.pathname === app.pathname;
  return target.origin === app.origin;
}

function isWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * No new windows (web links go to the system browser instead), no navigation away from the app,
 * no webviews, and permission requests denied.
 */
export function hardenWebContents(contents: WebContents, appUrl: string): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isWebLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) {
      event.preventDefault();
      if (isWebLink(url)) void shell.openExternal(url);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Adds the CSP header to responses. webRequest sees http(s) responses (the dev server); for the
 * built file:// page the same policy should also be in index.html's meta tag.
 */
export function installContentSecurityPolicy(isDev: boolean): void {
  // Vite's dev server needs inline scripts and websockets for hot reload.
  const policy = isDev
    ? `${CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*")}`
    : CONTENT_SECURITY_POLICY;
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [policy],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

/** Creates the main window, hardened, and loads the renderer. */
export function createWindow(mainDir: string): BrowserWindow {
  const window = new BrowserWindow(windowOptions(join(mainDir, '..', 'preload', 'index.js')));
  const appUrl = rendererUrl(mainDir);
  hardenWebContents(window.webContents, appUrl);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appUrl);
  return window;
}
