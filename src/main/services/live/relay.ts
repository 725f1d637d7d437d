import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { createDocSpace, type DocSpace } from './liveGate';

/**
 * `stagecraft live-relay`: a standalone Yjs WebSocket server (the same `@y/websocket-server`
 * utilities the host embeds, no workspace) that one shared service can run for a company, so
 * people outside the room follow a workshop without reaching the facilitator's laptop.
 *
 * - `ws://ADDRESS:PORT/<docName>?token=T`. The publisher token lets the host's `RemoteLiveAdapter`
 *   write documents; the reader token lets anyone holding it read them through the same read-only
 *   gate the host uses (their changes are refused; presence is stamped as an anonymous observer).
 * - A reader can only open a document a publisher has published (else closed with 1013, "try again
 *   later", so a reader that arrives first keeps retrying); documents live in memory only.
 * - Anything else — wrong token, bad path — is answered 401/404 before the upgrade.
 */

export interface RelayOptions {
  port: number;
  /** Address to listen on; default 127.0.0.1. */
  bind?: string;
  publisherToken: string;
  readerToken: string;
  log?: (line: string) => void;
}

export interface Relay {
  /** `ws://ADDRESS:PORT` */
  url: string;
  close(): Promise<void>;
}

/** Document names the relay accepts (`<workshopId>.room`, and the like). */
const DOC_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
/** The largest message the relay reads (a whole room document fits many times over). */
const MAX_PAYLOAD = 16 * 1024 * 1024;

const digest = (text: string) => createHash('sha256').update(text).digest();
const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

export async function startRelay(options: RelayOptions): Promise<Relay> {
  if (options.publisherToken.length < 16 || options.readerToken.length < 16) throw new Error('Tokens must be at least 16 characters.');
  if (sameSecret(options.publisherToken, options.readerToken)) throw new Error('The publisher and reader tokens must differ.');
  const log = options.log ?? (() => undefined);
  const space: DocSpace<'publisher' | 'reader'> = createDocSpace(`relay-${process.pid}-${Date.now().toString(36)}`);
  const server: Server = createServer((_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8' }).end('This is a Stagecraft live relay: connect with a WebSocket.\n');
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });

  server.on('upgrade', (request, socket, head) => {
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'ws://relay');
    } catch {
      refuse('400 Bad Request');
      return;
    }
    const token = url.searchParams.get('token') ?? '';
    const role = sameSecret(token, options.publisherToken) ? 'publisher' : sameSecret(token, options.readerToken) ? 'reader' : null;
    if (!role) {
      refuse('401 Unauthorized');
      return;
    }
    const name = decodeURIComponent(url.pathname.slice(1));
    if (!DOC_NAME.test(name)) {
      refuse('404 Not Found');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (role === 'publisher') {
        log(`live-relay: publisher connected to ${name}`);
        space.publish(ws, request, name, 'publisher');
        return;
      }
      if (!space.has(name)) {
        ws.close(1013, 'Not published yet');
        return;
      }
      space.serve(
        ws,
        request,
        name,
        {
          user: () => ({ participantId: null, name: 'Remote viewer', departmentId: null, role: 'observer' }),
          mayLead: false,
          refuse: (reason) => log(`live-relay: ${name}: ${reason}`),
        },
        'reader',
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.bind ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `ws://${host}:${address.port}`,
    async close() {
      space.destroy(1001, 'The relay is stopping');
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
