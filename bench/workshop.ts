/**
 * Live workshop under load (issue 9, "Must show"), measured from outside as a room would see it:
 * starts the built host (`out/main/cli.js host --lan --bind 127.0.0.2`) on a temporary workspace —
 * loopback 127.0.0.1 for the facilitator, 127.0.0.2 standing in for the LAN address — then
 * PARTICIPANTS simulated browsers join with the token, give a name, and each keeps a y-websocket
 * provider on the room document while sending one vote or comment a second for SECONDS seconds;
 * meanwhile the facilitator saves a process edit every second and holds providers on both
 * documents. Loopback only, bounded in count and time; `npm run bench` runs it, CI does not.
 *
 * Figures (`name: value unit`):
 * - propagation: from the API's acknowledgement of a vote to that vote arriving in the
 *   facilitator's `facilitator` document (0 when it arrived before the acknowledgement), and of a
 *   comment to its feed line arriving in the facilitator's `room` document; p50/p95/max;
 * - a process save's acknowledgement to the new revision in every participant's room document;
 * - host RSS (VmRSS) before, peak and after, and host CPU time;
 * - nothing lost: after the workshop ends, every participant's last acknowledged vote per field is
 *   in the saved record and every acknowledged comment is in `comment:list`.
 *
 * WORKSHOP_BENCH_SECONDS (default 60) and WORKSHOP_BENCH_PARTICIPANTS (default 50) change the size;
 * WORKSHOP_BENCH_DIR puts the workspace elsewhere than the system temp folder (e.g. /dev/shm, to
 * tell the disk's fsync time from the host's own); WORKSHOP_BENCH_COMMENT_SHARE (default 0.5) is
 * the share of comments among the actions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

const SECONDS = Number(process.env.WORKSHOP_BENCH_SECONDS ?? 60);
const PARTICIPANTS = Number(process.env.WORKSHOP_BENCH_PARTICIPANTS ?? 50);
/** Share of actions that are comments (the rest are votes). */
const COMMENT_SHARE = Number(process.env.WORKSHOP_BENCH_COMMENT_SHARE ?? 0.5);
const LAN_ADDRESS = '127.0.0.2';
const SETTLE_MS = 3000;

const cli = join(__dirname, '../out/main/cli.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

// ── The host process, watched through /proc ──────────────────────────────────────────────────
function rssKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : Number.NaN;
}

/** utime + stime of a process, in ms (from /proc/PID/stat, clock ticks of 10 ms on Linux). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function startHost(dir: string): Promise<{ child: ChildProcess; loopback: string; joinUrl: string; output: () => string }> {
  const child = spawn(process.execPath, [cli, 'host', '--lan', '--bind', LAN_ADDRESS, '--port', '0', '--workspace', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STAGECRAFT_WORKSPACE: '' },
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const until = Date.now() + 30_000;
  for (;;) {
    const loopback = /running at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
    const joinUrl = /Join \(participants\): (\S+)/.exec(out)?.[1];
    if (loopback && joinUrl) return { child, loopback, joinUrl, output: () => out };
    if (child.exitCode !== null || Date.now() > until) throw new Error(`host did not open the workshop:\n${out}`);
    await sleep(50);
  }
}

// ── HTTP as a browser sends it ──────────────────────────────────────────────────────────────
interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function send(base: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent }): Promise<Reply> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: Number(url.port), path: url.pathname + url.search, method: options.method ?? 'GET', agent: options.agent ?? false, headers: { host: url.host, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Requests retried because a reused keep-alive connection was reset before any answer. */
let retried = 0;

async function call<T>(base: string, channel: string, input: unknown, extra: { cookie?: string; agent?: Agent } = {}): Promise<T> {
  const once = () =>
    send(base, `/api/${channel}`, {
      method: 'POST',
      body: JSON.stringify(input),
      headers: { 'content-type': 'application/json', origin: new URL(base).origin, ...(extra.cookie ? { cookie: extra.cookie } : {}) },
      ...(extra.agent ? { agent: extra.agent } : {}),
    });
  let reply: Reply;
  try {
    reply = await once();
  } catch (error) {
    // The server closed an idle keep-alive socket as the client reused it; browsers retry such a
    // request once on a fresh connection, and so does this client (every action carries an opId,
    // so a retry is applied once).
    const code = (error as NodeJS.ErrnoException).code;
    if (!extra.agent || (code !== 'ECONNRESET' && (error as Error).message !== 'socket hang up')) throw error;
    retried++;
    reply = await once();
  }
  if (reply.status !== 200) throw new Error(`${channel}: ${reply.status} ${reply.body}`);
  return (JSON.parse(reply.body) as { value: T }).value;
}

/** A y-websocket provider that sends a browser's Origin (and cookie) with its upgrade. */
function provider(base: string, docName: string, doc: Y.Doc, cookie?: string): WebsocketProvider {
  const origin = new URL(base).origin;
  class BrowserLikeSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { origin, ...(cookie ? { cookie } : {}) } });
    }
  }
  return new WebsocketProvider(`${origin.replace(/^http/, 'ws')}/live`, docName, doc, {
    WebSocketPolyfill: BrowserLikeSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
}

async function synced(p: WebsocketProvider, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!p.synced) {
    if (Date.now() > until) throw new Error(`provider for ${p.roomname} did not sync`);
    await sleep(20);
  }
}

// ── Figures ─────────────────────────────────────────────────────────────────────────────────
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function report(name: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(`${name}.count: ${sorted.length} count`);
  console.log(`${name}.p50: ${percentile(sorted, 50).toFixed(1)} ms`);
  console.log(`${name}.p95: ${percentile(sorted, 95).toFixed(1)} ms`);
  console.log(`${name}.max: ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} ms`);
}

/**
 * Matches acknowledged actions with their arrival: `sendToArrival` is the whole trip (request sent
 * → update seen by the facilitator's provider), `ackToArrival` the part after the answer (0 when
 * the update arrived before the answer did, which on loopback is the rule: the host writes the
 * document before it answers).
 */
class Propagation {
  private readonly acks = new Map<string, { sent: number; ack: number }>();
  private readonly arrivals = new Map<string, number>();
  readonly sendToArrival: number[] = [];
  readonly ackToArrival: number[] = [];
  arrivedBeforeAck = 0;
  ack(key: string, sent: number, ack = now()): void {
    const arrived = this.arrivals.get(key);
    if (arrived === undefined) this.acks.set(key, { sent, ack });
    else {
      this.arrivals.delete(key);
      this.record(sent, ack, arrived);
    }
  }
  arrive(key: string, at = now()): void {
    const acked = this.acks.get(key);
    if (acked === undefined) this.arrivals.set(key, at);
    else {
      this.acks.delete(key);
      this.record(acked.sent, acked.ack, at);
    }
  }
  private record(sent: number, ack: number, arrived: number): void {
    if (arrived <= ack) this.arrivedBeforeAck++;
    this.ackToArrival.push(Math.max(0, arrived - ack));
    this.sendToArrival.push(arrived - sent);
  }
  /** Acknowledged but never seen arriving. */
  get missing(): number {
    return this.acks.size;
  }
}

interface Field {
  stageId: string;
  fieldId: string;
}

async function main(): Promise<void> {
  if (!existsSync('/proc/self/status') || !existsSync(cli)) {
    console.log('# workshop load skipped: needs Linux /proc and a built out/main/cli.js');
    return;
  }
  // Each y-websocket provider listens for the process's exit.
  process.setMaxListeners(PARTICIPANTS + 20);
  const dir = await mkdtemp(join(process.env.WORKSHOP_BENCH_DIR ?? tmpdir(), 'stagecraft-workshop-bench-'));
  const host = await startHost(dir);
  const pid = host.child.pid!;
  // Interrupted: take the host down too rather than leave it serving.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      host.child.kill('SIGKILL');
      process.exit(130);
    });
  }
  const providers: WebsocketProvider[] = [];
  const agents: Agent[] = [];
  try {
    const loopback = host.loopback;
    const lan = new URL(host.joinUrl).origin + '/';
    const status = await call<{ workshop: { processId: string; docs: { room: string; facilitator: string } } }>(loopback, 'workshop:status', {});
    const { processId, docs } = status.workshop;
    type Doc = { revision: number; createdAt: string; updatedAt: string; departments: { id: string }[]; stages: { id: string; fields: { id: string }[] }[]; description: string };
    let processDoc = await call<Doc>(loopback, 'process:open', { id: processId });
    const fields: Field[] = processDoc.stages.flatMap((s) => s.fields.map((f) => ({ stageId: s.id, fieldId: f.id })));

    // The facilitator: both documents, on loopback.
    const votesSeen = new Propagation();
    const commentsSeen = new Propagation();
    const facilitatorDoc = new Y.Doc();
    const facilitatorRoom = new Y.Doc();
    facilitatorDoc.getMap('votes').observe((event) => {
      const t = now();
      for (const key of event.keysChanged) {
        const vote = (event.target as Y.Map<{ at: string } | undefined>).get(key);
        if (vote) votesSeen.arrive(`${key}|${vote.at}`, t);
      }
    });
    facilitatorRoom.getMap('session').observeDeep((events) => {
      const t = now();
      for (const event of events) {
        if (!(event.target instanceof Y.Array)) continue;
        for (const item of event.changes.added) {
          for (const line of item.content.getContent() as { kind?: string; text?: string }[]) {
            const nonce = line.kind === 'comment' ? /#(\w+)$/.exec(line.text ?? '')?.[1] : undefined;
            if (nonce) commentsSeen.arrive(nonce, t);
          }
        }
      }
    });
    providers.push(provider(loopback, docs.facilitator, facilitatorDoc), provider(loopback, docs.room, facilitatorRoom));
    await Promise.all(providers.map((p) => synced(p)));

    // The room: join, name, room document.
    const token = new URL(host.joinUrl).searchParams.get('token')!;
    const rooms: Y.Doc[] = [];
    const people: { cookie: string; agent: Agent; id: string }[] = [];
    const joinStarted = now();
    for (let n = 0; n < PARTICIPANTS; n++) {
      const joined = await send(lan, `/join?token=${token}`, {});
      if (joined.status !== 303) throw new Error(`join answered ${joined.status}`);
      const cookie = String(joined.headers['set-cookie']![0]).split(';', 1)[0]!;
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      const departmentId = processDoc.departments[n % processDoc.departments.length]!.id;
      const participant = await call<{ id: string }>(lan, 'workshop:profile', { name: `Person ${n + 1}`, departmentId }, { cookie, agent });
      people.push({ cookie, agent, id: participant.id });
      const room = new Y.Doc();
      rooms.push(room);
      providers.push(provider(lan, docs.room, room, cookie));
    }
    await Promise.all(providers.map((p) => synced(p)));
    console.log(`workshop.join+profile+sync.${PARTICIPANTS}: ${(now() - joinStarted).toFixed(0)} ms`);

    // Process saves reach the room: revision in the room's process meta.
    const savesSeen = new Propagation();
    rooms.forEach((room, i) => {
      room.getMap('process').observe((event) => {
        if (!event.keysChanged.has('meta')) return;
        const meta = (event.target as Y.Map<{ revision?: number }>).get('meta');
        if (meta?.revision !== undefined) savesSeen.arrive(`${i}|${meta.revision}`);
      });
    });

    await sleep(1000);
    const rssBefore = rssKiB(pid);
    const cpuBefore = cpuMs(pid);
    const benchCpu0 = process.cpuUsage();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssKiB(pid))), 250);

    // Acknowledged actions, for the "nothing lost" check.
    const lastVote = new Map<string, { choice: string; at: string }>();
    const ackedComments = new Set<string>();
    let errors = 0;
    let skipped = 0;
    let votes = 0;
    let comments = 0;
    let saves = 0;
    const firstError: string[] = [];
    const noteError = (error: unknown) => {
      errors++;
      if (firstError.length < 3) firstError.push((error as Error).message);
    };

    const endAt = Date.now() + SECONDS * 1000;
    const started = now();
    const participant = async (n: number) => {
      const person = people[n]!;
      await sleep(Math.random() * 1000);
      let tick = Date.now();
      for (let k = 0; tick < endAt; k++) {
        const field = fields[Math.floor(Math.random() * fields.length)]!;
        const sent = now();
        try {
          if (Math.random() >= COMMENT_SHARE) {
            const choice = (['keep', 'drop', 'unsure'] as const)[Math.floor(Math.random() * 3)]!;
            const result = await call<{ vote: { at: string; fieldId: string; participantId: string } | null }>(
              lan,
              'workshop:vote',
              { ...field, choice, opId: `v${n}-${k}-${randomBytes(4).toString('hex')}` },
              person,
            );
            const key = `${field.fieldId}/${person.id}`;
            if (result.vote) {
              votesSeen.ack(`${key}|${result.vote.at}`, sent);
              lastVote.set(key, { choice, at: result.vote.at });
            }
            votes++;
          } else {
            const nonce = randomBytes(6).toString('hex');
            const comment = await call<{ id: string }>(
              lan,
              'workshop:comment',
              { target: { kind: 'field', ...field }, body: `Load comment ${k} from ${n + 1} #${nonce}`, opId: `c${n}-${k}-${nonce}` },
              person,
            );
            commentsSeen.ack(nonce, sent);
            ackedComments.add(comment.id);
            comments++;
          }
        } catch (error) {
          noteError(error);
        }
        tick += 1000;
        const wait = tick - Date.now();
        if (wait > 0) await sleep(wait);
        else skipped++;
      }
    };
    const facilitator = async () => {
      for (let n = 0; Date.now() < endAt; n++) {
        const t0 = Date.now();
        const sent = now();
        try {
          const { revision, createdAt: _c, updatedAt: _u, ...content } = processDoc;
          processDoc = await call<Doc>(loopback, 'process:save', { process: { ...content, description: `Workshop edit ${n}` }, baseRevision: revision });
          const ackAt = now();
          for (let i = 0; i < rooms.length; i++) savesSeen.ack(`${i}|${processDoc.revision}`, sent, ackAt);
          saves++;
        } catch (error) {
          noteError(error);
        }
        await sleep(Math.max(0, 1000 - (Date.now() - t0)));
      }
    };
    await Promise.all([facilitator(), ...people.map((_p, n) => participant(n))]);
    const wall = now() - started;
    const hostCpu = cpuMs(pid) - cpuBefore;
    const benchCpu = process.cpuUsage(benchCpu0);
    await sleep(SETTLE_MS);
    clearInterval(sampler);
    const rssAfter = rssKiB(pid);

    console.log(`workshop.participants: ${PARTICIPANTS} count`);
    console.log(`workshop.actions.offered-per-second: ${PARTICIPANTS} count`);
    console.log(`workshop.actions.acknowledged-per-second: ${((votes + comments) / (wall / 1000)).toFixed(1)} count`);
    console.log(`workshop.duration: ${(wall / 1000).toFixed(1)} s`);
    console.log(`workshop.votes.acknowledged: ${votes} count`);
    console.log(`workshop.comments.acknowledged: ${comments} count`);
    console.log(`workshop.saves.acknowledged: ${saves} count`);
    console.log(`workshop.errors: ${errors} count${firstError.length ? ` (${firstError.join(' | ')})` : ''}`);
    console.log(`workshop.ticks-late: ${skipped} count`);
    console.log(`workshop.retried-on-reset: ${retried} count`);
    console.log(`workshop.load-average.1min: ${loadavg()[0]!.toFixed(1)} (on ${cpus().length} cores)`);
    const both = (pick: (p: Propagation) => number[]) => [...pick(votesSeen), ...pick(commentsSeen)];
    report('workshop.propagation.send-to-facilitator.vote', votesSeen.sendToArrival);
    report('workshop.propagation.send-to-facilitator.comment', commentsSeen.sendToArrival);
    report('workshop.propagation.send-to-facilitator.all', both((p) => p.sendToArrival));
    report('workshop.propagation.ack-to-facilitator.all', both((p) => p.ackToArrival));
    console.log(`workshop.propagation.arrived-before-ack: ${votesSeen.arrivedBeforeAck + commentsSeen.arrivedBeforeAck} count`);
    report('workshop.propagation.save-to-participants.send', savesSeen.sendToArrival);
    report('workshop.propagation.save-to-participants.ack', savesSeen.ackToArrival);
    console.log(`workshop.propagation.never-arrived: ${votesSeen.missing + commentsSeen.missing} count`);
    console.log(`workshop.host.rss.before: ${(rssBefore / 1024).toFixed(1)} MB`);
    console.log(`workshop.host.rss.peak: ${(rssPeak / 1024).toFixed(1)} MB`);
    console.log(`workshop.host.rss.after: ${(rssAfter / 1024).toFixed(1)} MB`);
    console.log(`workshop.host.cpu: ${hostCpu.toFixed(0)} ms (${((hostCpu / wall) * 100).toFixed(0)}% of one core)`);
    console.log(`workshop.clients.cpu: ${((benchCpu.user + benchCpu.system) / 1000).toFixed(0)} ms`);

    // Nothing lost: comments from the API, votes from the record the ended workshop saved.
    const stored = await call<{ id: string }[]>(loopback, 'comment:list', { processId });
    const storedIds = new Set(stored.map((c) => c.id));
    const lostComments = [...ackedComments].filter((id) => !storedIds.has(id)).length;
    for (const p of providers) p.destroy();
    providers.length = 0;
    host.child.kill('SIGINT');
    await new Promise((r) => host.child.once('exit', r));
    const recordDir = join(dir, 'review', processId, 'workshops');
    const [recordFile] = await readdir(recordDir);
    const record = JSON.parse(await readFile(join(recordDir, recordFile!), 'utf8')) as { endedAt?: string; votes: { fieldId: string; participantId: string; choice: string; at: string }[] };
    const saved = new Map(record.votes.map((v) => [`${v.fieldId}/${v.participantId}`, v]));
    let lostVotes = 0;
    for (const [key, vote] of lastVote) {
      const s = saved.get(key);
      if (!s || s.choice !== vote.choice || s.at !== vote.at) lostVotes++;
    }
    console.log(`workshop.record.ended: ${record.endedAt ? 1 : 0} bool`);
    console.log(`workshop.lost.votes: ${lostVotes} count (of ${lastVote.size} acknowledged last votes)`);
    console.log(`workshop.lost.comments: ${lostComments} count (of ${ackedComments.size} acknowledged)`);
  } finally {
    for (const p of providers) p.destroy();
    for (const a of agents) a.destroy();
    if (host.child.exitCode === null) host.child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
