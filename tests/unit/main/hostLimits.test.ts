import { connect, type Socket } from 'node:net';
import { request } from 'node:http';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type Host, type HostLimits } from '../../../src/main/host/server';
import { tempDir } from './helpers';

let host: Host | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await host?.close();
  host = undefined;
});

async function start(limits: Partial<HostLimits> = {}): Promise<Host> {
  const base = await tempDir();
  await mkdir(join(base, 'renderer'), { recursive: true });
  host = await startHost({ workspaceDir: join(base, 'ws'), rendererDir: join(base, 'renderer'), port: 0, limits });
  return host;
}

/** Sends raw bytes on a fresh loopback socket and collects what comes back until it closes. */
function raw(h: Host, text: string, ms = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(h.port, '127.0.0.1');
    sockets.push(socket);
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(reply);
    }, ms);
    socket.on('data', (c: Buffer) => (reply += c.toString()));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(reply);
    });
    socket.on('error', reject);
    socket.write(text);
  });
}

/** A Node http.request upload; resolves with the status the client actually received. */
function upload(h: Host, body: Buffer, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: h.port,
        path: '/api/process:import',
        method: 'POST',
        agent: false,
        headers: { host: `127.0.0.1:${h.port}`, 'content-type': 'application/json', ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('host limits and request rules (real sockets, loopback)', () => {
  it('refuses API calls that are not Content-Type: application/json with forbidden', async () => {
    const h = await start();
    const body = '{}';
    const reply = await raw(
      h,
      `POST /api/process:list HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );

    expect(reply).toMatch(/^HTTP\/1\.1 415/);
    expect(reply).toContain('"code":"forbidden"');
  });

  it('accepts application/json with a charset parameter', async () => {
    const h = await start();
    const reply = await raw(
      h,
      `POST /api/process:list HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );

    expect(reply).toMatch(/^HTTP\/1\.1 200/);
  });

  it('answers a duplicated Host header with 400', async () => {
    const h = await start();
    const reply = await raw(
      h,
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n`,
    );

    expect(reply).toMatch(/^HTTP\/1\.1 400/);
  });

  it('a Node client uploading 6 MiB receives the 413, with and without Content-Length', async () => {
    const h = await start();
    const big = Buffer.alloc(6 * 1024 * 1024, 0x20);

    expect(await upload(h, big)).toBe(413);
    expect(await upload(h, big, { 'transfer-encoding': 'chunked' })).toBe(413);
  });

  it('caps concurrent connections: sockets past the cap are closed at once', async () => {
    const h = await start({ maxConnections: 4 });
    const closed: boolean[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        new Promise<void>((resolve) => {
          const socket = connect(h.port, '127.0.0.1');
          sockets.push(socket);
          closed[i] = false;
          socket.on('close', () => {
            closed[i] = true;
          });
          socket.on('error', () => undefined);
          socket.on('connect', () => resolve());
        }),
      ),
    );
    await new Promise((r) => setTimeout(r, 300));

    expect(closed.filter(Boolean).length).toBe(6);
  });

  it('caps body bytes in flight across requests: a trickling upload past the budget gets 413, others finish', async () => {
    const h = await start({ maxInFlightBytes: 1024 * 1024 });
    const half = 600 * 1024;
    // Two uploads each declare 600 KiB and send 400 KiB, then wait: 800 KiB held in flight.
    const open = (sent: number) =>
      new Promise<{ socket: Socket; reply: Promise<string> }>((resolve) => {
        const socket = connect(h.port, '127.0.0.1', () => {
          socket.write(
            `POST /api/process:list HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nContent-Type: application/json\r\nContent-Length: ${half}\r\nConnection: close\r\n\r\n`,
          );
          socket.write(Buffer.alloc(sent, 0x20));
          resolve({ socket, reply });
        });
        sockets.push(socket);
        let text = '';
        socket.on('data', (c: Buffer) => (text += c.toString()));
        const reply = new Promise<string>((done) => socket.on('close', () => done(text)));
        socket.on('error', () => undefined);
      });
    const first = await open(400 * 1024);
    const second = await open(400 * 1024);
    await new Promise((r) => setTimeout(r, 100));

    const third = await open(400 * 1024);
    const thirdReply = await Promise.race([third.reply, new Promise<string>((r) => setTimeout(() => r('timeout'), 3_000))]);
    expect(thirdReply).toMatch(/^HTTP\/1\.1 413/);
    expect(thirdReply).toContain('"code":"too-large"');

    // The held bytes are released as the first two complete; a new small call is served.
    first.socket.write(Buffer.alloc(half - 400 * 1024, 0x20));
    second.socket.write(Buffer.alloc(half - 400 * 1024, 0x20));
    const replies = await Promise.all([
      Promise.race([first.reply, new Promise<string>((r) => setTimeout(() => r(''), 3_000))]),
      Promise.race([second.reply, new Promise<string>((r) => setTimeout(() => r(''), 3_000))]),
    ]);
    for (const reply of replies) expect(reply).toMatch(/^HTTP\/1\.1 (200|400)/);
    const after = await raw(
      h,
      `POST /api/process:list HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(after).toMatch(/^HTTP\/1\.1 200/);
  });
});
