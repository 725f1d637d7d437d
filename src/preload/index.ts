import { contextBridge, ipcRenderer } from 'electron';
import type { ApiResult, Channel } from '../shared/api/contract';
import { isPreloadChannel } from './channels';

/** What the renderer sees as `window.stagecraft`: one function, contract channels only. */
export interface StagecraftBridge {
  invoke<C extends Channel>(channel: C, input: unknown): Promise<ApiResult<C>>;
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
};

contextBridge.exposeInMainWorld('stagecraft', bridge);
