/**
 * Host memory under slow uploads, measured from outside as a user's machine sees it: starts the
 * built host (`out/main/cli.js host --port 0`) on a temporary workspace, opens SLOW_UPLOADS
 * connections on 127.0.0.1 that each announce a 5 MiB `application/json` body and trickle it at
 * a few KB per second for at most UPLOAD_SECONDS, and samples the host's resident set size
 * (VmRSS from /proc/PID/status) before, during (peak) and after. Linux only; loopback only;
 * bounded in count and time. Prints `name: value unit` lines; no assertions.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SLOW_UPLOADS = 200;
const BODY_BYTES = 5 * 1024 * 1024;
const CHUNK_BYTES = 2 * 1024;
const CHUNK_EVERY_MS = 500; // 4 KB/s per connection
const UPLOAD_SECONDS = 20;
const SETTLE_MS = 3000;

const cli = join(__dirname, '../out/main/cli.js');

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

const mb = (kib: number) => (kib / 1024).toFixed(1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  if (!existsSync('/proc/self/status') || !existsSync(cli)) {
    console.log('# host memory skipped: needs Linux /proc and a built out/main/cli.js');
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'stagecraft-hostmem-'));
  const host = spawn(process.execPath, [cli, 'host', '--port', '0', '--workspace', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STAGECRAFT_WORKSPACE: '' },
  });
  const sockets: Socket[] = [];
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`host did not start:\n${out}`)), 20_000);
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        const m = /running at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      host.stdout.on('data', onData);
      host.stderr.on('data', (c: Buffer) => (out += c.toString()));
      host.once('exit', (code) => reject(new Error(`host exited with ${code}:\n${out}`)));
    });
    await sleep(1000);
    const before = rssKiB(host.pid!);

    const statuses = new Map<string, number>();
    let refused = 0;
    let sent = 0;
    for (let i = 0; i < SLOW_UPLOADS; i++) {
      const socket = connect({ host: '127.0.0.1', port });
      socket.on('error', () => undefined); // a refused or reset upload is counted on close
      socket.on('data', (chunk: Buffer) => {
        const status = /^HTTP\/1\.1 (\d{3})/.exec(chunk.toString('latin1'))?.[1];
        if (status) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      });
      socket.on('close', () => refused++);
      socket.write(
        `POST /api/process:list HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${BODY_BYTES}\r\n\r\n["`,
      );
      sockets.push(socket);
    }
    const chunk = Buffer.alloc(CHUNK_BYTES, 0x61);
    let peak = rssKiB(host.pid!);
    const started = Date.now();
    while (Date.now() - started < UPLOAD_SECONDS * 1000) {
      for (const socket of sockets) {
        if (!socket.destroyed && socket.writable) {
          socket.write(chunk);
          sent += CHUNK_BYTES;
        }
      }
      await sleep(CHUNK_EVERY_MS);
      peak = Math.max(peak, rssKiB(host.pid!));
    }
    const closedEarly = refused;
    for (const socket of sockets) socket.destroy();
    await sleep(SETTLE_MS);
    const after = rssKiB(host.pid!);

    console.log(`host rss before slow uploads: ${mb(before)} MB`);
    console.log(`host rss peak during ${SLOW_UPLOADS} slow 5 MiB uploads (${UPLOAD_SECONDS} s): ${mb(peak)} MB`);
    console.log(`host rss ${SETTLE_MS / 1000} s after they end: ${mb(after)} MB`);
    console.log(`slow uploads closed by the host before the end: ${closedEarly} count`);
    console.log(`slow upload bytes sent: ${(sent / 1048576).toFixed(1)} MiB`);
    for (const [status, count] of [...statuses].sort()) console.log(`slow upload answers with status ${status}: ${count} count`);
  } finally {
    for (const socket of sockets) socket.destroy();
    host.kill('SIGTERM');
    await new Promise((r) => (host.exitCode === null ? host.once('exit', r) : r(null)));
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
