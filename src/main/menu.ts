import { app, BrowserWindow, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/api/events';
import { sendEvent } from './events';

/**
 * Hands a menu command to the renderer as the contract's `menu:command` event: the focused window,
 * or the only one when the menu is used with no window focused (macOS keeps the menu bar then).
 */
export function sendMenuCommand(command: MenuCommand): void {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  sendEvent(window?.webContents, 'menu:command', { command });
}

/** The application menu: File, Edit, View, Help (plus the app menu on macOS). */
export function buildMenuTemplate(isDev: boolean, platform = process.platform): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (platform === 'darwin') template.push({ role: 'appMenu' });
  template.push(
    {
      label: 'File',
      submenu: [
        { label: 'New process', accelerator: 'CmdOrCtrl+N', click: () => sendMenuCommand('new-process') },
        { type: 'separator' },
        { label: 'Close window', role: 'close' },
        ...(platform === 'darwin' ? [] : [{ label: 'Quit', role: 'quit' } as MenuItemConstructorOptions]),
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(isDev ? [{ role: 'toggleDevTools' } as MenuItemConstructorOptions] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      role: 'help',
      submenu: [
        {
          label: 'About Stagecraft',
          click: () =>
            void dialog.showMessageBox({
              type: 'info',
              title: 'About Stagecraft',
              message: `Stagecraft ${app.getVersion()}`,
              detail: 'Model your sales process as a stage graph and see the admin burden each CRM field puts on sales reps.',
            }),
        },
      ],
    },
  );
  return template;
}

export function installMenu(isDev: boolean): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(isDev)));
}
