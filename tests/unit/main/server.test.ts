import { request } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../../../src/main/host/server';
import { tempDir } from './helpers';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(host: Host, path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: options.method ?? 'GET',
        agent: false,
        headers: { host: `127.0.0.1:${host.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    // The host answers a 413 and drains the rest, so a write error here is a real failure: reject
    // rather than wait for a response that will never come.
    req.on('error', reject);
    req.end(options.body);
  });
}

const post = (host: Host, channel: string, body: unknown, headers: Record<string, string> = {}) =>
  send(host, `/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

let host: Host | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function start(withRenderer = true) {
  const base = await tempDir();
  const rendererDir = join(base, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  if (withRenderer) {
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Stagecraft</title>');
    await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  }
  await writeFile(join(base, 'secret.txt'), 'top secret');
  host = await startHost({ workspaceDir: join(base, 'ws'), rendererDir, port: 0 });
  return host;
}

describe('HTTP host', () => {
  it('answers a good API call with 200 { value }', async () => {
    const h = await start();

    const reply = await post(h, 'process:list', {});

    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.body) as { value: { processes: unknown[] } };
    expect(body.value.processes.length).toBe(1);
    expect(h.url).toBe(`http://127.0.0.1:${h.port}/`);
  });

  it('refuses a foreign Host header with 403 (DNS rebinding)', async () => {
    const h = await start();

    const reply = await post(h, 'process:list', {}, { host: `evil.example:${h.port}` });

    expect(reply.status).toBe(403);
  });

  it('accepts localhost:<port> as Host', async () => {
    const h = await start();

    expect((await post(h, 'process:list', {}, { host: `localhost:${h.port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin with 403', async () => {
    const h = await start();

    const foreign = await post(h, 'process:list', {}, { origin: 'http://evil.example' });
    const own = await post(h, 'process:list', {}, { origin: `http://127.0.0.1:${h.port}` });

    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body)).toMatchObject({ error: { code: 'forbidden' } });
    expect(own.status).toBe(200);
  });

  it('refuses a body over 5 MiB with 413', async () => {
    const h = await start();

    const reply = await post(h, 'process:import', `{"process": "${'x'.repeat(5 * 1024 * 1024 + 10)}"}`);

    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'too-large' } });
  });

  it('refuses a streamed (chunked) body over 5 MiB with 413', async () => {
    const h = await start();

    const reply = await send(h, '/api/process:import', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: Buffer.alloc(5 * 1024 * 1024 + 10, 0x20),
    });

    expect(reply.status).toBe(413);
  });

  it('answers invalid input with 400 and the located validation message', async () => {
    const h = await start();

    const reply = await post(h, 'process:rename', { id: 'p1', name: '' });

    expect(reply.status).toBe(400);
    const { error } = JSON.parse(reply.body) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain('name: must not be empty');
  });

  it('answers invalid JSON with 400, unknown channels with 404, and GET on the API with 405', async () => {
    const h = await start();

    expect((await post(h, 'process:list', '{nope')).status).toBe(400);
    expect((await post(h, 'process:explode', {})).status).toBe(404);
    expect((await send(h, '/api/process:list')).status).toBe(405);
  });

  it('maps a missing process to 404', async () => {
    const h = await start();

    expect((await post(h, 'process:open', { id: 'missing' })).status).toBe(404);
  });

  it('serves the renderer with content types, CSP and nosniff', async () => {
    const h = await start();

    const index = await send(h, '/');
    const script = await send(h, '/assets/app.js');

    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect(index.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.body).toBe('console.log(1)');
  });

  it('refuses directory traversal', async () => {
    const h = await start();

    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const reply = await send(h, path);
      expect(reply.status, path).toBeGreaterThanOrEqual(400);
      expect(reply.body).not.toContain('top secret');
    }
  });

  it('explains a missing build with a 503 page', async () => {
    const h = await start(false);

    const reply = await send(h, '/');

    expect(reply.status).toBe(503);
    expect(reply.body).toContain('npm run build');
  });

  it('closes cleanly', async () => {
    const h = await start();
    await send(h, '/');

    await h.close();
    host = undefined;

    await expect(send(h, '/')).rejects.toThrow();
  });
});
