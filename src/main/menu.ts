import { app, BrowserWindow, dialog, Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  /** Asks the focused window's renderer to start a new process. */
  newProcess(window: BrowserWindow | undefined): void;
}

/** The application menu: File, Edit, View, Help (plus the app menu on macOS). */
export function buildMenuTemplate(actions: MenuActions, isDev: boolean, platform = process.platform): MenuItemConstructorOptions[] {
  const focused = () => BrowserWindow.getFocusedWindow() ?? undefined;
  const template: MenuItemConstructorOptions[] = [];
  if (platform === 'darwin') template.push({ role: 'appMenu' });
  template.push(
    {
      label: 'File',
      submenu: [
        { label: 'New process', accelerator: 'CmdOrCtrl+N', click: () => actions.newProcess(focused()) },
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

export function installMenu(actions: MenuActions, isDev: boolean): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(actions, isDev)));
}
