import type { LanListener, LanOpener } from '../services/live/types';
import type { Host } from './server';

/**
 * The desktop app serves no HTTP until a workshop starts. This opener starts the loopback host
 * (the same API and workshop service as IPC, so the room and the desktop window share one
 * workspace instance) the first time the workshop asks for a LAN listener, and stops it when that
 * listener closes: between workshops nothing listens.
 */
export interface OnDemandHost {
  /** Hand this to the workshop service (`createApi({ lan })`). */
  lan: LanOpener;
  /** The loopback base URL while the host runs (the facilitator's live socket connects there). */
  url(): string | undefined;
  /** Stops whatever runs (app quit). */
  close(): Promise<void>;
}

export function createOnDemandHost(start: () => Promise<Host>): OnDemandHost {
  let host: Host | undefined;
  let starting: Promise<Host> | undefined;

  async function stop(): Promise<void> {
    const running = host ?? (await starting?.catch(() => undefined));
    host = undefined;
    starting = undefined;
    await running?.close();
  }

  return {
    lan: {
      async open(options): Promise<LanListener> {
        if (!host) {
          starting ??= start();
          try {
            host = await starting;
          } finally {
            starting = undefined;
          }
        }
        const opened = host;
        let listener: LanListener;
        try {
          listener = await opened.lan.open(options);
        } catch (error) {
          await stop();
          throw error;
        }
        return {
          url: listener.url,
          tls: listener.tls,
          close: async () => {
            await listener.close();
            if (host === opened) await stop();
          },
        };
      },
    },
    url: () => host?.url,
    close: stop,
  };
}
