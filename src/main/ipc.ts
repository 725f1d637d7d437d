import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type ApiResult, type Channel } from '../shared/api/contract';
import type { Dispatch } from './api/handlers';
import { isAppProtocolUrl } from './appProtocol';

/** Decides whether an IPC call comes from the app's own page. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** Trusts only frames showing the app: its app:// page or the dev server's origin. */
export function trustedSender(appUrl: string): SenderCheck {
  const app = new URL(appUrl);
  return (event) => {
    const url = event.senderFrame?.url;
    if (!url) return false;
    try {
      const sender = new URL(url);
      if (isAppProtocolUrl(appUrl)) return isAppProtocolUrl(url);
      return sender.origin === app.origin;
    } catch {
      return false;
    }
  };
}

/**
 * One `ipcMain.handle` per contract channel. Each checks the sender, then runs the same
 * `dispatch` the HTTP host uses (which parses the input with the contract); the reply is always
 * an `ApiResult` envelope, never a thrown error.
 */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, dispatch: Dispatch, isTrustedSender: SenderCheck): Channel[] {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<ApiResult<typeof channel>> => {
      if (!isTrustedSender(event)) {
        return {
          ok: false,
          error: { code: 'forbidden', message: 'Refused: this call does not come from the Stagecraft window.' },
        };
      }
      return dispatch(channel, input);
    });
  }
  return [...CHANNELS];
}
