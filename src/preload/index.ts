import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiResult, Channel } from '../shared/api/contract';
import type { EventName } from '../shared/api/events';
import { isPreloadChannel, isPreloadEvent } from './channels';

/** Stops a subscription; calling it again does nothing. */
export type Unsubscribe = () => void;

/**
 * What the renderer sees as `window.stagecraft`: contract channels to call and contract events to
 * listen to, nothing else. Payloads arrive unparsed (a sandboxed preload bundles no zod); the
 * renderer's API client parses them with the contract before its callbacks see them.
 */
export interface StagecraftBridge {
  invoke<C extends Channel>(channel: C, input: unknown): Promise<ApiResult<C>>;
  on(event: EventName, callback: (payload: unknown) => void): Unsubscribe;
}

export const bridge: StagecraftBridge = {
  invoke(channel, input) {
    if (!isPreloadChannel(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'not-found', message: `Unknown channel ${JSON.stringify(channel)}.` },
      });
    }
    return ipcRenderer.invoke(channel, input) as Promise<ApiResult<typeof channel>>;
  },
  on(event, callback) {
    if (!isPreloadEvent(event)) throw new Error(`Unknown event ${JSON.stringify(event)}.`);
    if (typeof callback !== 'function') throw new TypeError('The callback must be a function.');
    // The IpcRendererEvent carries `sender` (ipcRenderer itself); only the payload crosses over.
    const listener = (_event: IpcRendererEvent, payload: unknown): void => callback(payload);
    ipcRenderer.on(event, listener);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipcRenderer.removeListener(event, listener);
    };
  },
};

contextBridge.exposeInMainWorld('stagecraft', bridge);
