import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { WebSocket } from 'ws';

/** Talks to a host listener as a browser or a tool would: explicit Host, Origin and Cookie headers. */

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Target {
  /** Base URL of the listener, e.g. `http://127.0.0.2:4321/`. */
  url: string;
  /** Trusted CA (PEM) for an https listener with a self-signed certificate. */
  ca?: string;
}

export function send(
  target: Target,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent } = {},
): Promise<Reply> {
  const base = new URL(target.url);
  const https = base.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(
      {
        host: base.hostname,
        port: Number(base.port),
        path,
        method: options.method ?? 'GET',
        agent: options.agent ?? false,
        headers: { host: base.host, ...options.headers },
        ...(https && target.ca ? { ca: target.ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export function post(target: Target, channel: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return send(target, `/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** `stagecraft_session=…` from a join reply's Set-Cookie, ready for a Cookie header. */
export function cookieOf(reply: Reply): string {
  const header = reply.headers['set-cookie']?.[0];
  if (!header) throw new Error(`no Set-Cookie in a ${reply.status} reply`);
  return header.split(';', 1)[0]!;
}

/** Joins with `token`; returns the Cookie header value. */
export async function join(target: Target, token: string): Promise<string> {
  const reply = await send(target, `/join?token=${encodeURIComponent(token)}`);
  if (reply.status !== 303) throw new Error(`join answered ${reply.status}: ${reply.body}`);
  return cookieOf(reply);
}

/** The origin of a listener's base URL (`http://127.0.0.2:4321`). */
export const originOf = (target: Target) => new URL(target.url).origin;

export type Upgrade = { ok: true; ws: WebSocket; messages: Buffer[] } | { ok: false; status: number };

/** Opens `/live/<doc>`; resolves with the socket once open, or the HTTP status that refused it. */
export function openLive(target: Target, doc: string, headers: Record<string, string> = {}): Promise<Upgrade> {
  const base = new URL(target.url);
  const url = `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}/live/${doc}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, ...(target.ca ? { ca: target.ca } : {}) });
    // Kept from the start: the server may speak first, before the caller gets the socket.
    const messages: Buffer[] = [];
    ws.on('message', (data: Buffer) => messages.push(data));
    ws.once('open', () => resolve({ ok: true, ws, messages }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ ok: false, status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.once('error', (error) => reject(error));
  });
}

/** Resolves with the close code once `ws` closes (or rejects after `ms`). */
export function closed(ws: WebSocket, ms = 3000): Promise<number> {
  return new Promise((resolve, reject) => {
    if (ws.readyState === ws.CLOSED) return resolve(1006);
    const timer = setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms);
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Resolves once `messages` holds at least `count` (or rejects after `ms`). */
export async function received(messages: unknown[], count = 1, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (messages.length < count) {
    if (Date.now() > until) throw new Error(`${messages.length} of ${count} messages after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
