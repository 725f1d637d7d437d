import { createApi, type Api, type SavePdf } from './api/handlers';
import { createOnDemandHost, type OnDemandHost } from './host/onDemand';
import { APP_ORIGIN, startHost } from './host/server';
import type { Workspace } from './services/workspace';

/**
 * The desktop app's API with its live workshop: IPC answers the window, and "Start workshop"
 * (`workshop:start` over IPC) starts an HTTP host — loopback for the facilitator's live socket,
 * plus the LAN listener for the room — that serves the built renderer with this very API and
 * workshop service, so the window and the room share one workspace instance. No `electron` here:
 * the shell passes in what it owns.
 */
export interface DesktopApi {
  api: Api;
  /** The HTTP host started for a workshop (none between workshops). */
  host: OnDemandHost;
  /** Writes what the workshop has pending and stops the HTTP host (app quit). */
  close(): Promise<void>;
}

export function createDesktopApi(
  workspace: Workspace,
  options: {
    /** The built renderer (`out/renderer`), served to the room. */
    rendererDir: string;
    savePdf?: SavePdf;
    /** The window's page URL: its origin may open the facilitator's live socket (app://, or the dev server). */
    appUrl?: string;
    log?: (line: string) => void;
  },
): DesktopApi {
  const origins = new Set([APP_ORIGIN]);
  if (options.appUrl?.startsWith('http')) origins.add(new URL(options.appUrl).origin);
  // The host needs the API and the API needs the host's opener: the opener starts the host lazily.
  let api: Api | undefined;
  const host = createOnDemandHost(() =>
    startHost({
      workspaceDir: workspace.dir,
      rendererDir: options.rendererDir,
      port: 0,
      dispatch: api!.dispatch,
      gate: api!.workshop,
      appOrigins: [...origins],
      ...(options.log ? { log: options.log } : {}),
    }),
  );
  api = createApi(workspace, {
    transport: 'ipc',
    lan: host.lan,
    loopbackUrl: host.url,
    ...(options.savePdf ? { savePdf: options.savePdf } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const created = api;
  return {
    api: created,
    host,
    async close() {
      await created.workshop.close().catch(() => undefined);
      await host.close();
    },
  };
}
