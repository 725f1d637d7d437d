import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { Caller, WorkshopGate } from '../../../../src/main/services/live/types';
import { FACILITATOR } from '../../../../src/main/services/live/types';
import { LIVE_PATH } from '../../../../src/shared/live/schema';

/**
 * A stand-in for the HTTP host's WebSocket side, for the gate's tests: it upgrades
 * `/live/<docName>?session=<secret>` on 127.0.0.1 and hands the socket to the gate with the caller
 * behind the secret (`session=facilitator` is the facilitator). Cookies, Origin and rate limits are
 * the real host's business and tested there.
 */
export async function liveServer(gate: WorkshopGate): Promise<{ url: string; close(): Promise<void>; server: Server }> {
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const secret = url.searchParams.get('session') ?? '';
    const caller: Caller | null = secret === 'facilitator' ? FACILITATOR : gate.identify(secret);
    if (!caller || !url.pathname.startsWith(`${LIVE_PATH}/`)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    const docName = decodeURIComponent(url.pathname.slice(LIVE_PATH.length + 1));
    wss.handleUpgrade(req, socket, head, (ws) => gate.connectLive(ws, req, docName, caller));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}${LIVE_PATH}`,
    server,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A browser's view of one live document: a Y.Doc kept in sync by y-websocket's provider over `ws`. */
export function connect(url: string, docName: string, session: string, params: Record<string, string> = {}) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { session, ...params },
    disableBc: true,
    maxBackoffTime: 200,
  });
  const closes: number[] = [];
  provider.on('connection-close', (event: { code: number } | null) => {
    if (event) closes.push(event.code);
  });
  return { doc, provider, closes, synced: () => until(() => provider.synced) };
}

/** Waits until `check` holds (polling every 10 ms), or fails after `ms`. */
export async function until(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
