import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { promises as fsp } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { HTTP_STATUS, isChannel, type ApiErrorBody } from '../../shared/api/contract';
import { JOIN_PATH } from '../../shared/live/schema';
import { createApi } from '../api/handlers';
import type { RemoteLiveOptions } from '../services/live/remote';
import type { WorkshopService } from '../services/live/workshop';
import { createWorkspace } from '../services/workspace';
import { watchWorkspace, type WorkspaceWatcher } from '../services/workspaceWatcher';
import { serverSentEvent } from '../events';
import { FACILITATOR, type Caller, type LanListener, type LanOpener, type WorkshopGate } from '../services/live/types';
import { APP_SCHEME, APP_HOST } from '../appProtocol';
import { CONTENT_SECURITY_POLICY } from '../security';
import { parseJsonText } from '../../shared/model/jsonText';
import { authorizeCall, callerOf, sessionCookie } from './auth';
import { firstPrivateIPv4, hostPort, listen } from './lan';
import { createLiveSockets, CLOSE, liveDocName, refuseUpgrade } from './liveSockets';
import { API_RATE, KeyedRateLimiter } from './rateLimit';
import type { HostDispatch } from './types';

export { CONTENT_SECURITY_POLICY };

/** Where browsers read the host's server-sent events (`process:changed-on-disk`…). */
export const EVENTS_PATH = '/api/events';

/** Largest accepted API request body: a 300-stage process is ~2 MB of JSON. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * Limits that keep slow or many uploads from growing the host's memory without bound (before
 * them, 200 slow 5 MiB uploads took it from 62 MB to 1 GB resident, and it stayed there).
 */
export interface HostLimits {
  /** Open connections at once; more are closed as they arrive (Node's `server.maxConnections`). */
  maxConnections: number;
  /** Request-body bytes buffered across all requests at once; past it a request gets 413 and is dropped. */
  maxInFlightBytes: number;
  /** A request must arrive in full within this many ms (Node's `server.requestTimeout`). */
  requestTimeoutMs: number;
  /** After a 413, read at most this much more of the upload so the client sees the answer, then close. */
  maxDrainBytes: number;
  /** Open connections at once on the workshop's LAN listener (a room of browsers, each with a live socket). */
  lanMaxConnections: number;
}

export const DEFAULT_LIMITS: HostLimits = {
  maxConnections: 64,
  maxInFlightBytes: 32 * 1024 * 1024,
  requestTimeoutMs: 60_000,
  maxDrainBytes: 8 * 1024 * 1024,
  lanMaxConnections: 512,
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export interface HostOptions {
  /** Workspace folder (created when missing). Ignored when `dispatch` is given. */
  workspaceDir: string;
  /** Port to bind; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; loopback by default. */
  host?: string;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  /** Use this API instead of one over `workspaceDir` (tests, and the desktop shell's shared instance). */
  dispatch?: HostDispatch;
  /** The live workshop behind `dispatch` (join tokens, sessions, live documents). */
  gate?: WorkshopGate;
  /** Startup-recovery lines go here (default: nowhere). */
  log?: (line: string) => void;
  /** Override the connection and memory limits (tests, and the bench's "without limits" run). */
  limits?: Partial<HostLimits>;
  /** Certificate and key (PEM) for the workshop's LAN listener: HTTPS and WSS instead of plain HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * Origins, besides the loopback listener's own, whose pages may open the facilitator's live
   * WebSocket on loopback: the desktop app's page (`app://stagecraft`) by default.
   */
  appOrigins?: string[];
  /** Also publish each workshop's room to a live relay (`stagecraft live-relay`; services/live/remote.ts). */
  remote?: RemoteLiveOptions;
  /** Rate limits for workshop callers (tests tighten them). */
  rates?: { api?: { ratePerSecond: number; burst: number }; live?: { ratePerSecond: number; burst: number } };
}

export interface Host {
  url: string;
  port: number;
  /** Opens (and the returned listener closes) the workshop's LAN listener on this host. */
  lan: LanOpener;
  /** The workshop's LAN listener while one is open. */
  readonly lanListener: LanListener | undefined;
  /** The API this host serves, called as the facilitator (the CLI opens and ends the workshop with it). */
  dispatch: HostDispatch;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, error: ApiErrorBody, extra: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
  sendJson(res, status, { error });
}

function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(text),
    'X-Content-Type-Options': 'nosniff',
    ...(type.startsWith('text/html') ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } : {}),
  });
  res.end(text);
}

function tooLarge(message = `Request body is larger than ${MAX_BODY_BYTES / (1024 * 1024)} MiB.`): HttpError {
  return new HttpError(413, { code: 'too-large', message });
}

/** True when the request's Content-Type is JSON (parameters such as charset allowed). */
function isJson(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json';
}

/** How many times a header occurs in the raw request (Node keeps only the first Host). */
function headerCount(req: IncomingMessage, name: string): number {
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === name) count++;
  return count;
}

const NEEDS_BUILD_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stagecraft — not built</title></head>
<body><h1>Stagecraft has not been built yet</h1>
<p>The app's user interface is missing. Run <code>npm run build</code> in the Stagecraft folder,
then reload this page.</p></body></html>
`;

/** Where a request arrived: the loopback listener (the facilitator) or the workshop's LAN listener. */
interface Listener {
  kind: 'loopback' | 'lan';
  /** Host headers this listener answers (`ADDRESS:PORT`). */
  hosts: Set<string>;
  scheme: 'http' | 'https';
  /** Every socket (HTTP and upgraded) opened through this listener. */
  sockets: Set<Socket>;
  /** Live WebSockets opened through this listener. */
  clients: Set<WebSocket>;
}

/** The Electron app's page origin (`app://stagecraft`), which may open the facilitator's live socket. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const NEEDS_JOIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stagecraft — join the workshop</title></head>
<body><h1>Join the workshop with its link</h1>
<p>This address serves a Stagecraft workshop. Open the join link (or scan the QR code) the
facilitator shows; it signs this browser in.</p></body></html>
`;

/**
 * Serves the built renderer and the API (`POST /api/<channel>`) on loopback, for browsers and
 * end-to-end tests. Only requests addressed to this host by name and port are answered (DNS
 * rebinding), and cross-origin API calls are refused. While a live workshop is open, `host.lan`
 * adds a second listener on the LAN address that answers joined browsers only.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const bindHost = options.host ?? '127.0.0.1';
  const limits: HostLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const log = options.log ?? (() => undefined);
  /** Body bytes buffered right now across every request. */
  let inFlight = 0;

  /**
   * Reads a request body within the per-request and the shared in-flight limit. Buffered bytes
   * are counted while held and released when the request settles, so memory stays bounded by
   * `maxInFlightBytes` however many uploads trickle in at once.
   */
  function readBody(req: IncomingMessage): Promise<Buffer> {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return Promise.reject(tooLarge());
    return new Promise((resolvePromise, reject) => {
      const chunks: Buffer[] = [];
      let total = 0;
      let settled = false;
      const release = () => {
        inFlight -= total;
        total = 0;
      };
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        req.off('data', onData);
        chunks.length = 0;
        release();
        reject(error);
      };
      const onData = (chunk: Buffer) => {
        if (total + chunk.length > MAX_BODY_BYTES) return fail(tooLarge());
        if (inFlight + chunk.length > limits.maxInFlightBytes) {
          return fail(tooLarge('The host is receiving too much at once; try again in a moment.'));
        }
        total += chunk.length;
        inFlight += chunk.length;
        chunks.push(chunk);
      };
      req.on('data', onData);
      req.once('end', () => {
        if (settled) return;
        settled = true;
        const body = Buffer.concat(chunks);
        release();
        resolvePromise(body);
      });
      req.once('error', fail);
      req.once('close', () => fail(new Error('The request was aborted.')));
    });
  }
  const root = resolve(options.rendererDir);
  let port = 0;
  let lanListener: (LanListener & { listener: Listener }) | undefined;
  const lan: LanOpener = { open: (o) => openLan(o) };

  let dispatch = options.dispatch;
  let gate = options.gate;
  /** The workshop service this host made (and so stops on close). */
  let ownWorkshop: WorkshopService | undefined;
  /** Browsers listening at `/api/events` (server-sent events). */
  const eventStreams = new Set<ServerResponse>();
  let watcher: WorkspaceWatcher | undefined;
  if (!dispatch) {
    const workspace = createWorkspace({ dir: options.workspaceDir, log: options.log });
    // Recovery runs before the first request, so its count is logged at startup.
    await workspace.recovery();
    // Saves made by another host, window or editor on this workspace: pushed to every browser.
    watcher = watchWorkspace({
      dir: workspace.dir,
      isOwnVersion: (id) => workspace.isOwnVersion(id),
      onChange: (change) => {
        const message = serverSentEvent('process:changed-on-disk', change);
        for (const stream of eventStreams) stream.write(message);
      },
      log,
    });
    const created = createApi(workspace, {
      transport: 'http',
      lan,
      loopbackUrl: () => (port === 0 ? undefined : `http://${hostPort(bindHost, port)}/`),
      ...(options.remote ? { remote: options.remote } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    dispatch = created.dispatch;
    gate = ownWorkshop = created.workshop;
  }
  const api = dispatch;
  const apiLimiter = new KeyedRateLimiter(options.rates?.api ?? API_RATE);
  const live = createLiveSockets({ gate: () => gate, ...(options.rates?.live ? { rate: options.rates.live } : {}), log });
  const appOrigins = new Set(options.appOrigins ?? [APP_ORIGIN]);

  async function handleApi(req: IncomingMessage, res: ServerResponse, channel: string, caller: Caller, rateKey?: string): Promise<void> {
    if (req.method !== 'POST') {
      sendError(res, 405, { code: 'invalid-input', message: 'API calls must use POST.' }, { Allow: 'POST' });
      return;
    }
    if (!isChannel(channel)) {
      sendError(res, 404, { code: 'not-found', message: `Unknown API channel "${channel}".` });
      return;
    }
    // A cross-site form or no-cors fetch can only send "simple" content types; requiring JSON
    // refuses the last kind of request a foreign page could make without a preflight.
    if (!isJson(req)) {
      throw new HttpError(415, { code: 'forbidden', message: 'API calls must be sent as Content-Type: application/json.' });
    }
    if (rateKey !== undefined && !apiLimiter.take(rateKey)) {
      const seconds = Math.max(1, Math.ceil(apiLimiter.waitMs(rateKey) / 1000));
      throw new HttpError(429, { code: 'rate-limited', message: 'Too many requests from this browser; try again in a moment.' }, { 'Retry-After': String(seconds) });
    }
    const body = await readBody(req);
    let input: unknown = {};
    const text = body.toString('utf8');
    if (text.trim() !== '') {
      const parsed = parseJsonText(text);
      if (!parsed.ok) {
        sendError(res, 400, { code: 'invalid-input', message: `Request body is not valid JSON: ${parsed.message}` });
        return;
      }
      input = parsed.value;
    }
    const authorized = await authorizeCall(api, caller, channel, input);
    if (!authorized.ok) {
      sendJson(res, HTTP_STATUS[authorized.error.code], { error: authorized.error });
      return;
    }
    const result = await api(channel, authorized.input, caller);
    if (result.ok) sendJson(res, 200, { value: result.value });
    else sendJson(res, HTTP_STATUS[result.error.code], { error: result.error });
  }

  /**
   * `GET /api/events`: the browser host's push channel, server-sent events carrying the contract's
   * main-to-renderer events (`events.ts`), one `event:` name and one JSON `data:` line each. Served
   * on loopback only, after the same Host and Origin checks as every request; a comment line
   * every 25 s notices browsers that went away.
   */
  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') {
      sendError(res, 405, { code: 'invalid-input', message: 'The event stream is read with GET.' }, { Allow: 'GET' });
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      Connection: 'keep-alive',
    });
    res.write('retry: 3000\n\n');
    eventStreams.add(res);
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    ping.unref();
    res.on('close', () => {
      clearInterval(ping);
      eventStreams.delete(res);
    });
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendText(res, 405, 'Method not allowed\n');
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      sendText(res, 400, 'Bad request\n');
      return;
    }
    if (decoded.includes('\0') || decoded.includes('\\')) {
      sendText(res, 400, 'Bad request\n');
      return;
    }
    const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = resolve(root, relative);
    if (file !== root && !file.startsWith(root + sep)) {
      sendText(res, 403, 'Forbidden\n');
      return;
    }
    let target = file;
    let data: Buffer;
    try {
      const stat = await fsp.stat(target);
      if (stat.isDirectory()) target = join(target, 'index.html');
      data = await fsp.readFile(target);
    } catch {
      if (relative === 'index.html') {
        sendText(res, 503, NEEDS_BUILD_PAGE, 'text/html; charset=utf-8');
        return;
      }
      sendText(res, 404, 'Not found\n');
      return;
    }
    const type = CONTENT_TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream';
    const headers: Record<string, string | number> = {
      'Content-Type': type,
      'Content-Length': data.length,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    };
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  /**
   * `GET /join?token=T` on the LAN listener: a valid token becomes a session cookie and a redirect
   * to the app (so the token leaves the address bar at once); anything else is 401.
   */
  function handleJoin(req: IncomingMessage, res: ServerResponse, listener: Listener): void {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      sendText(res, 405, 'Method not allowed\n');
      return;
    }
    const token = new URL(req.url ?? '/', 'http://join.invalid').searchParams.get('token') ?? '';
    const joined = token && gate?.open ? gate.exchangeJoinToken(token) : null;
    if (!joined) {
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.setHeader('Cache-Control', 'no-store');
      sendText(res, 401, NEEDS_JOIN_PAGE, 'text/html; charset=utf-8');
      return;
    }
    res.writeHead(303, {
      Location: '/',
      'Set-Cookie': sessionCookie(joined.sessionSecret, listener.scheme === 'https'),
      'Cache-Control': 'no-store',
      // The token is in this request's URL: never pass it on as a Referer.
      'Referrer-Policy': 'no-referrer',
      'Content-Length': 0,
    });
    res.end();
  }

  /** Host and Origin checks shared by requests and upgrades; returns the Host header when they pass. */
  function checkAddressed(req: IncomingMessage, listener: Listener): { ok: true; host: string } | { ok: false; status: number; message: string } {
    if (headerCount(req, 'host') !== 1) {
      // Two Host headers let a proxy and this server disagree on who is addressed.
      return { ok: false, status: 400, message: 'Bad request: exactly one Host header is required' };
    }
    const host = (req.headers.host ?? '').toLowerCase();
    if (!listener.hosts.has(host)) return { ok: false, status: 403, message: 'Forbidden: unexpected Host header' };
    return { ok: true, host };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, listener: Listener): Promise<void> {
    const addressed = checkAddressed(req, listener);
    if (!addressed.ok) {
      if (addressed.status === 400) res.setHeader('Connection', 'close');
      sendText(res, addressed.status, `${addressed.message}\n`);
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `${listener.scheme}://${addressed.host}`) {
      sendError(res, 403, { code: 'forbidden', message: 'Cross-origin requests are not allowed.' });
      return;
    }
    const pathname = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
    const apiMatch = /^\/api\/(.*)$/.exec(pathname);
    let caller: Caller = FACILITATOR;
    let rateKey: string | undefined;
    if (listener.kind === 'lan') {
      if (pathname === JOIN_PATH) {
        handleJoin(req, res, listener);
        return;
      }
      const session = callerOf(req, gate);
      if (!session) {
        if (apiMatch || pathname === '/api') {
          sendError(res, 401, { code: 'unauthorized', message: 'Join the workshop with its link first (or your session was ended).' });
        } else {
          res.setHeader('Cache-Control', 'no-store');
          sendText(res, 401, NEEDS_JOIN_PAGE, 'text/html; charset=utf-8');
        }
        return;
      }
      caller = session.caller;
      rateKey = session.caller.sessionId ?? session.secret;
    }
    // Workshop participants (the LAN listener) get no event stream: 404 also stops their EventSource.
    if (pathname === EVENTS_PATH) {
      if (listener.kind === 'loopback') handleEvents(req, res);
      else sendError(res, 404, { code: 'not-found', message: 'No event stream on the workshop listener.' });
    } else if (apiMatch) await handleApi(req, res, apiMatch[1] ?? '', caller, rateKey);
    else if (pathname === '/api') sendError(res, 404, { code: 'not-found', message: 'Use /api/<channel>.' });
    else await handleStatic(req, res, pathname);
  }

  /** `/live/<docName>` upgrades: loopback is the facilitator, the LAN listener needs a session. */
  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, listener: Listener): void {
    socket.on('error', () => undefined);
    const addressed = checkAddressed(req, listener);
    if (!addressed.ok) return refuseUpgrade(socket, addressed.status, addressed.status === 400 ? 'Bad Request' : 'Forbidden', addressed.message);
    const origin = req.headers.origin;
    const ownOrigin = `${listener.scheme}://${addressed.host}`;
    // Browsers always send Origin on a WebSocket; a local tool without one is as trusted as its API calls.
    const originOk =
      listener.kind === 'lan' ? origin === ownOrigin : origin === undefined || origin === ownOrigin || appOrigins.has(origin);
    if (!originOk) return refuseUpgrade(socket, 403, 'Forbidden', 'Forbidden: cross-origin WebSocket');
    const docName = liveDocName((req.url ?? '/').split(/[?#]/, 1)[0] ?? '/');
    if (docName === undefined) return refuseUpgrade(socket, 404, 'Not Found', 'Not found');
    let caller: Caller = FACILITATOR;
    let secret: string | undefined;
    if (listener.kind === 'lan') {
      const session = callerOf(req, gate);
      if (!session) return refuseUpgrade(socket, 401, 'Unauthorized', 'Join the workshop with its link first');
      caller = session.caller;
      secret = session.secret;
    }
    if (!gate) return refuseUpgrade(socket, 404, 'Not Found', 'No live workshop on this host');
    live.accept(req, socket, head, { docName, caller, clients: listener.clients, ...(secret !== undefined ? { secret } : {}) });
  }

  function serve(listener: Listener, tls?: HostOptions['tls']): Server {
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      handle(req, res, listener).catch((error: unknown) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (error instanceof HttpError) {
          // Answer first, then read (and drop) the rest of the upload up to maxDrainBytes so a Node
          // client still writing its body sees the error instead of EPIPE; past that, close.
          res.setHeader('Connection', 'close');
          sendError(res, error.status, error.body, error.headers);
          let drained = 0;
          req.on('data', (chunk: Buffer) => {
            drained += chunk.length;
            if (drained > limits.maxDrainBytes) req.socket.destroy();
          });
          req.resume();
          return;
        }
        sendError(res, 500, { code: 'internal', message: (error as Error).message || 'Unexpected error' });
      });
    };
    const server: Server = tls ? (createTlsServer({ cert: tls.cert, key: tls.key }, onRequest) as unknown as Server) : createServer(onRequest);
    server.maxConnections = listener.kind === 'lan' ? limits.lanMaxConnections : limits.maxConnections;
    server.requestTimeout = limits.requestTimeoutMs;
    server.headersTimeout = Math.min(server.headersTimeout, limits.requestTimeoutMs);
    server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
      listener.sockets.add(socket);
      socket.on('close', () => listener.sockets.delete(socket));
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => upgrade(req, socket, head, listener));
    return server;
  }

  /** Closes a listener: stops accepting, closes its live sockets, then drops whatever is still open. */
  function shut(server: Server, listener: Listener, graceMs: number): Promise<void> {
    return new Promise<void>((resolvePromise, reject) => {
      server.close((error) => (error ? reject(error) : resolvePromise()));
      for (const ws of listener.clients) ws.close(CLOSE.goingAway, 'The workshop ended.');
      server.closeIdleConnections();
      // Give in-flight responses and close frames a moment, then drop keep-alive and upgraded sockets.
      setTimeout(() => {
        for (const ws of listener.clients) ws.terminate();
        for (const socket of listener.sockets) socket.destroy();
      }, graceMs).unref();
    });
  }

  async function openLan(request: { bind?: string; port?: number }): Promise<LanListener> {
    if (!gate) throw new Error('This host has no live workshop to open to the network.');
    if (lanListener) await lanListener.close();
    const address = request.bind ?? firstPrivateIPv4(networkInterfaces());
    if (!address) throw new Error('No LAN address found on this machine; pass the address to bind (--bind ADDRESS).');
    const listener: Listener = { kind: 'lan', hosts: new Set(), scheme: options.tls ? 'https' : 'http', sockets: new Set(), clients: new Set() };
    const server = serve(listener, options.tls);
    try {
      await listen(server, request.port ?? port, address);
    } catch (error) {
      // The loopback port is taken on that address: any free port will do, unless one was asked for.
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || request.port !== undefined) throw error;
      await listen(server, 0, address);
    }
    const lanPort = (server.address() as AddressInfo).port;
    listener.hosts.add(hostPort(address, lanPort).toLowerCase());
    let closing: Promise<void> | undefined;
    const opened = {
      url: `${listener.scheme}://${hostPort(address, lanPort)}/`,
      tls: listener.scheme === 'https',
      listener,
      close: () => {
        closing ??= shut(server, listener, 100).finally(() => {
          if (lanListener === opened) lanListener = undefined;
        });
        return closing;
      },
    };
    lanListener = opened;
    log(`Workshop listener open at ${opened.url}`);
    return opened;
  }

  const loopback: Listener = { kind: 'loopback', hosts: new Set(), scheme: 'http', sockets: new Set(), clients: new Set() };
  const server = serve(loopback);
  await listen(server, options.port ?? 0, bindHost);
  port = (server.address() as AddressInfo).port;
  for (const name of new Set(['127.0.0.1', 'localhost', bindHost])) loopback.hosts.add(hostPort(name, port).toLowerCase());
  const url = `http://${hostPort(bindHost, port)}/`;

  return {
    url,
    port,
    lan,
    dispatch: (channel, input) => api(channel, input, FACILITATOR),
    get lanListener() {
      return lanListener;
    },
    close: async () => {
      // Writes what the workshop has pending; the workshop stays open on disk (a restart picks it up).
      await ownWorkshop?.close().catch((error: unknown) => log(`workshop: ${(error as Error).message}`));
      await lanListener?.close();
      live.close();
      watcher?.close();
      for (const stream of eventStreams) stream.end();
      await shut(server, loopback, 200);
    },
  };
}
