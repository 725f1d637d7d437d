import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { promises as fsp } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { HTTP_STATUS, isChannel, type ApiErrorBody } from '../../shared/api/contract';
import { createApi, type Dispatch } from '../api/handlers';
import { createWorkspace } from '../services/workspace';
import { CONTENT_SECURITY_POLICY } from '../security';
import { parseJsonText } from '../../shared/model/jsonText';

export { CONTENT_SECURITY_POLICY };

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
}

export const DEFAULT_LIMITS: HostLimits = {
  maxConnections: 64,
  maxInFlightBytes: 32 * 1024 * 1024,
  requestTimeoutMs: 60_000,
  maxDrainBytes: 8 * 1024 * 1024,
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
  /** Use this API instead of one over `workspaceDir` (tests). */
  dispatch?: Dispatch;
  /** Startup-recovery lines go here (default: nowhere). */
  log?: (line: string) => void;
  /** Override the connection and memory limits (tests, and the bench's "without limits" run). */
  limits?: Partial<HostLimits>;
}

export interface Host {
  url: string;
  port: number;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
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

/**
 * Serves the built renderer and the API (`POST /api/<channel>`) on loopback, for browsers and
 * end-to-end tests. Only requests addressed to this host by name and port are answered (DNS
 * rebinding), and cross-origin API calls are refused.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const bindHost = options.host ?? '127.0.0.1';
  const limits: HostLimits = { ...DEFAULT_LIMITS, ...options.limits };
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
  let dispatch = options.dispatch;
  if (!dispatch) {
    const workspace = createWorkspace({ dir: options.workspaceDir, log: options.log });
    // Recovery runs before the first request, so its count is logged at startup.
    await workspace.recovery();
    dispatch = createApi(workspace, { transport: 'http' }).dispatch;
  }
  const api = dispatch;
  let port = 0;
  const allowedHosts = () => {
    const names = new Set(['127.0.0.1', 'localhost', bindHost.includes(':') ? `[${bindHost}]` : bindHost]);
    return new Set([...names].map((name) => `${name}:${port}`));
  };

  async function handleApi(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
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
    const result = await api(channel, input);
    if (result.ok) sendJson(res, 200, { value: result.value });
    else sendJson(res, HTTP_STATUS[result.error.code], { error: result.error });
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

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (headerCount(req, 'host') !== 1) {
      // Two Host headers let a proxy and this server disagree on who is addressed.
      res.setHeader('Connection', 'close');
      sendText(res, 400, 'Bad request: exactly one Host header is required\n');
      return;
    }
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts().has(hostHeader)) {
      sendText(res, 403, 'Forbidden: unexpected Host header\n');
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${hostHeader}`) {
      sendError(res, 403, { code: 'forbidden', message: 'Cross-origin requests are not allowed.' });
      return;
    }
    const pathname = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
    const api = /^\/api\/(.*)$/.exec(pathname);
    if (api) await handleApi(req, res, api[1] ?? '');
    else if (pathname === '/api') sendError(res, 404, { code: 'not-found', message: 'Use /api/<channel>.' });
    else await handleStatic(req, res, pathname);
  }

  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        // Answer first, then read (and drop) the rest of the upload up to maxDrainBytes so a Node
        // client still writing its body sees the 413 instead of EPIPE; past that, close.
        res.setHeader('Connection', 'close');
        sendError(res, error.status, error.body);
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
  });
  server.maxConnections = limits.maxConnections;
  server.requestTimeout = limits.requestTimeoutMs;
  server.headersTimeout = Math.min(server.headersTimeout, limits.requestTimeoutMs);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;

  return {
    url: `http://${urlHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolvePromise, reject) => {
        server.close((error) => (error ? reject(error) : resolvePromise()));
        server.closeIdleConnections();
        // Give in-flight responses a moment, then drop keep-alive sockets so close() settles.
        setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 200).unref();
      }),
  };
}
