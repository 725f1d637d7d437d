import { BrowserWindow, dialog, session, shell, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './security';
import { APP_URL, isAppProtocolUrl } from './appProtocol';
import { externalLinkDecision } from './externalLinks';

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

/**
 * Where the renderer is loaded from: the dev server in `electron-vite dev`, else the built app
 * over `app://stagecraft/`. The dev-server variable is ignored in a packaged app, so an
 * environment variable can never point an installed Stagecraft at someone else's page.
 */
export function rendererUrl(isPackaged: boolean, devServerUrl: string | undefined = process.env.ELECTRON_RENDERER_URL): string {
  if (!isPackaged && devServerUrl) return devServerUrl;
  return APP_URL;
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
  if (isAppProtocolUrl(appUrl)) return isAppProtocolUrl(url);
  return target.origin === app.origin;
}

/**
 * Opens a link in the system browser only if the allow-list says so, or after the user confirms;
 * other schemes are never opened (see externalLinks.ts).
 */
export async function openExternalSafely(url: string, parent?: BrowserWindow): Promise<boolean> {
  const decision = externalLinkDecision(url);
  if (decision === 'refuse') return false;
  if (decision === 'confirm') {
    const options = {
      type: 'question' as const,
      buttons: ['Open in browser', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'Open this link in your browser?',
      detail: url,
    };
    const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
    if (response !== 0) return false;
  }
  await shell.openExternal(url);
  return true;
}

/**
 * No new windows (web links go to the system browser instead), no navigation away from the app,
 * no webviews, and permission requests denied.
 */
export function hardenWebContents(contents: WebContents, appUrl: string): void {
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) {
      event.preventDefault();
      void openExternalSafely(url);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Adds the CSP header to dev-server responses (the app:// handler sets it on the built page) and
 * denies every permission request and check.
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
  // The app needs no permission (camera, notifications, clipboard-read…): refuse requests and
  // answer every synchronous check with "no".
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** Creates the main window, hardened, and loads the renderer from `appUrl`. */
export function createWindow(mainDir: string, appUrl: string): BrowserWindow {
  const window = new BrowserWindow(windowOptions(join(mainDir, '..', 'preload', 'index.js')));
  hardenWebContents(window.webContents, appUrl);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appUrl);
  return window;
}
