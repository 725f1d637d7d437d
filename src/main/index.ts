import { app, BrowserWindow, ipcMain, protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './appProtocol';
import { parseArgs } from 'node:util';
import { createDesktopApi } from './desktopWorkshop';
import { broadcastEvent } from './events';
import { createPdfSaver } from './pdf';
import { registerIpc, trustedSender } from './ipc';
import { installMenu } from './menu';
import { createWorkspace } from './services/workspace';
import { resolveWorkspaceDir } from './services/workspaceDir';
import { watchWorkspace } from './services/workspaceWatcher';
import { createWindow, installContentSecurityPolicy, rendererUrl } from './window';

// Same folder name as the CLI's default, so the desktop app and `stagecraft host` share a workspace.
app.setName('Stagecraft');

function workspaceFlag(argv: string[]): string | undefined {
  const { values } = parseArgs({ args: argv, options: { workspace: { type: 'string' } }, strict: false });
  return typeof values.workspace === 'string' ? values.workspace : undefined;
}

const isDev = !app.isPackaged && Boolean(process.env.ELECTRON_RENDERER_URL);
// Must happen before "ready": app:// is a standard, secure scheme with its own origin.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);


if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const appUrl = rendererUrl(app.isPackaged);
  let mainWindow: BrowserWindow | undefined;

  const openWindow = () => {
    mainWindow = createWindow(__dirname, appUrl);
    mainWindow.on('closed', () => {
      mainWindow = undefined;
    });
  };

  app.on('second-instance', () => {
    if (!mainWindow) return openWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  void app.whenReady().then(() => {
    protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler(join(__dirname, '..', 'renderer'), (file) => readFile(file)),
    );
    const dir = resolveWorkspaceDir({
      flag: workspaceFlag(process.argv.slice(1)),
      env: process.env.STAGECRAFT_WORKSPACE,
      userData: app.getPath('userData'),
    });
    const workspace = createWorkspace({ dir, log: (line) => console.log(line) });
    void workspace.recovery().catch((error: unknown) => console.error(error));
    const desktop = createDesktopApi(workspace, {
      rendererDir: join(__dirname, '..', 'renderer'),
      savePdf: createPdfSaver(),
      appUrl,
      log: (line) => console.log(line),
    });
    registerIpc(ipcMain, desktop.api.dispatch, trustedSender(appUrl));
    // Saves by another window, host or editor on this workspace reach every window as a typed event.
    const watcher = watchWorkspace({
      dir: workspace.dir,
      isOwnVersion: (id) => workspace.isOwnVersion(id),
      onChange: (change) => broadcastEvent(BrowserWindow.getAllWindows().map((window) => window.webContents), 'process:changed-on-disk', change),
      log: (line) => console.log(line),
    });
    app.once('will-quit', () => watcher.close());
    // A workshop's record is written and its HTTP host stopped before the app exits.
    let closed = false;
    app.on('will-quit', (event) => {
      if (closed) return;
      event.preventDefault();
      closed = true;
      void desktop.close().finally(() => app.quit());
    });
    installContentSecurityPolicy(isDev);
    installMenu(isDev);
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
