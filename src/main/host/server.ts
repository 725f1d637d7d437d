import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { promises as fsp } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { HTTP_STATUS, isChannel, type ApiErrorBody } from '../../shared/api/contract';
import { createApi, type Dispatch } from '../api/handlers';
import { createWorkspace } from '../services/workspace';
import { CONTENT_SECURITY_POLICY } from '../security';

export { CONTENT_SECURITY_POLICY };

/** Largest accepted API request body: a 300-stage process is ~2 MB of JSON. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

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

function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      // Stop keeping the upload but let it drain, so the client reads the 413 instead of a reset.
      req.off('data', onData);
      req.resume();
      reject(tooLarge());
    };
    req.on('data', onData);
    req.once('end', () => resolvePromise(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function tooLarge(): HttpError {
  return new HttpError(413, {
    code: 'invalid-input',
    message: `Request body is larger than ${MAX_BODY_BYTES / (1024 * 1024)} MiB.`,
  });
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
    const body = await readBody(req);
    let input: unknown = {};
    const text = body.toString('utf8');
    if (text.trim() !== '') {
      try {
        input = JSON.parse(text);
      } catch (error) {
        sendError(res, 400, {
          code: 'invalid-input',
          message: `Request body is not valid JSON: ${(error as Error).message}`,
        });
        return;
      }
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
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts().has(hostHeader)) {
      sendText(res, 403, 'Forbidden: unexpected Host header\n');
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${hostHeader}`) {
      sendError(res, 403, { code: 'invalid-input', message: 'Cross-origin requests are not allowed.' });
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
        // Stop reading an oversized upload; the client gets the answer and the socket closes.
        res.setHeader('Connection', 'close');
        sendError(res, error.status, error.body);
        req.resume();
        return;
      }
      sendError(res, 500, { code: 'internal', message: (error as Error).message || 'Unexpected error' });
    });
  });
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
