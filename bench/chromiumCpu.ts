/**
 * CPU-time figures for browser benchmarks. On a loaded machine, wall-clock frame intervals say as
 * much about the other processes as about ours; the CPU time a thread actually spent does not.
 *   - `processTreeCpu`: user + system CPU of this process's descendants (the browser host and
 *     every Chromium process), from /proc — Linux only.
 *   - `traceFrames`: runs an action under Chromium's tracing and splits the renderer main thread's
 *     CPU time (`tdur` of its tasks) into animation frames and into kinds of work.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { CDPSession } from '@playwright/test';

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * User + system CPU time, ms, of every descendant of this process, by kind: Chromium's `--type`
 * (gpu-process, utility …; renderers split by thread, see `rendererThreads`), `browser` for
 * Chromium's main process, otherwise the executable's name (the host is `node`). Empty where
 * /proc is missing.
 */
export function processTreeCpu(root = process.pid): Map<string, number> {
  const byKind = new Map<string, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return byKind;
  }
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const entry of entries) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // The command name may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(fields[1]);
    ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    const kind = processKind(pid);
    if (kind === 'renderer') {
      for (const [thread, ms] of rendererThreads(pid)) byKind.set(thread, (byKind.get(thread) ?? 0) + ms);
    } else {
      byKind.set(kind, (byKind.get(kind) ?? 0) + ((ticks.get(pid) ?? 0) * 1000) / CLOCK_TICKS_PER_SECOND);
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return byKind;
}

/**
 * A renderer's CPU by thread: `renderer.main` (script, style, layout, paint), `renderer.workers`
 * (the thread pool: software raster of tiles — most of it while dragging — and, while a page
 * loads, background script compilation and GC), `renderer.compositor`, `renderer.other`.
 */
function rendererThreads(pid: number): Map<string, number> {
  const byThread = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return byThread;
  }
  for (const tid of tids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
    const kind =
      tid === String(pid) ? 'renderer.main' : name.startsWith('ThreadPoolForeg') ? 'renderer.workers' : name === 'Compositor' ? 'renderer.compositor' : 'renderer.other';
    byThread.set(kind, (byThread.get(kind) ?? 0) + ms);
  }
  return byThread;
}

function processKind(pid: number): string {
  try {
    // Chromium's children rewrite their title into one space-separated string.
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    const type = argv.find((arg) => arg.startsWith('--type='));
    if (type) return type.slice('--type='.length);
    const executable = (argv[0] ?? '').split('/').pop() ?? '';
    return /chrom/i.test(executable) ? 'browser' : executable;
  } catch {
    return 'gone';
  }
}

/** CPU ms by kind spent between two `processTreeCpu` readings; `total` sums them. */
export function cpuSince(before: Map<string, number>, after = processTreeCpu()): Map<string, number> {
  const spent = new Map<string, number>();
  let total = 0;
  for (const [kind, ms] of after) {
    const delta = ms - (before.get(kind) ?? 0);
    spent.set(kind, delta);
    total += delta;
  }
  spent.set('total', total);
  return spent;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** The `performance.mark` name a traced action sets at the start of each frame it measures. */
export const FRAME_MARK = 'bench-frame';

/** Main-thread CPU of the frames an action produced, from a Chromium trace. */
export interface FrameCpu {
  /** CPU ms of the renderer main thread in each animation frame (from one rAF to the next). */
  perFrame: number[];
  /** CPU ms per frame on average, by kind of work (script, style and layout, paint …). */
  breakdown: Record<string, number>;
}

/** Trace event names grouped into the kinds of work a frame report names. */
const KINDS: Record<string, string> = {
  FunctionCall: 'script',
  EventDispatch: 'script',
  FireAnimationFrame: 'script',
  TimerFire: 'script',
  EvaluateScript: 'script',
  'V8.Execute': 'script',
  MinorGC: 'gc',
  MajorGC: 'gc',
  UpdateLayoutTree: 'style+layout',
  Layout: 'style+layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  UpdateLayer: 'paint',
  Commit: 'paint',
  HitTest: 'hit-test',
};

/**
 * Runs `action` while tracing and returns the renderer main thread's CPU time per frame, the
 * frames being cut at the action's `performance.mark(FRAME_MARK)` calls.
 * Self time per event (its CPU time minus its children's) is charged to its kind; what no known
 * event covers is 'other'.
 */
export async function traceFrames(cdp: CDPSession, action: () => Promise<unknown>): Promise<FrameCpu> {
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing',
    transferMode: 'ReturnAsStream',
  });
  await action();
  const complete = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (event) => resolve(event.stream ?? '')));
  await cdp.send('Tracing.end');
  const stream = await complete;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const parsed = JSON.parse(text) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return frameCpu(Array.isArray(parsed) ? parsed : parsed.traceEvents);
}

function frameCpu(events: TraceEvent[]): FrameCpu {
  const mains = new Set(
    events.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain').map((event) => `${event.pid}:${event.tid}`),
  );
  // The page's renderer is the main thread with the most work.
  const busy = new Map<string, number>();
  for (const event of events) {
    const thread = `${event.pid}:${event.tid}`;
    if (event.ph === 'X' && mains.has(thread)) busy.set(thread, (busy.get(thread) ?? 0) + (event.tdur ?? 0));
  }
  const main = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
  const own = events
    .filter((event) => event.ph === 'X' && `${event.pid}:${event.tid}` === main)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks = own.filter((event) => event.name === 'RunTask');
  // Frames are cut at the marks the action sets (React Flow runs a second rAF loop while dragging,
  // so animation-frame events alone would split each frame in two).
  const frameStarts = events
    .filter((event) => event.name === FRAME_MARK && `${event.pid}:${event.tid}` === main)
    .map((event) => event.ts)
    .sort((a, b) => a - b);
  const perFrame: number[] = [];
  for (let index = 0; index + 1 < frameStarts.length; index++) {
    const from = frameStarts[index] as number;
    const to = frameStarts[index + 1] as number;
    let cpu = 0;
    for (const task of tasks) if (task.ts >= from && task.ts < to) cpu += task.tdur ?? 0;
    perFrame.push(cpu / 1000);
  }

  const first = frameStarts[0] ?? 0;
  const last = frameStarts[frameStarts.length - 1] ?? 0;
  const totals = new Map<string, number>();
  const stack: TraceEvent[] = [];
  for (const event of own) {
    while (stack.length > 0 && ends(stack[stack.length - 1] as TraceEvent) <= event.ts) stack.pop();
    const inside = event.ts >= first && event.ts < last;
    if (inside) {
      const kind = event.name === 'RunTask' ? 'other' : (KINDS[event.name] ?? null);
      const parent = stack[stack.length - 1];
      const cpu = event.tdur ?? 0;
      if (kind !== null) {
        totals.set(kind, (totals.get(kind) ?? 0) + cpu);
        // Charge only self time: take this event's time off the kind its parent was charged to.
        const parentKind = parent ? chargedKind(stack) : null;
        if (parentKind !== null) totals.set(parentKind, (totals.get(parentKind) ?? 0) - cpu);
      }
    }
    stack.push(event);
  }
  const frames = Math.max(1, perFrame.length);
  const breakdown: Record<string, number> = {};
  for (const [kind, cpu] of totals) breakdown[kind] = cpu / 1000 / frames;
  return { perFrame, breakdown };
}

function ends(event: TraceEvent): number {
  return event.ts + (event.dur ?? 0);
}

/** The kind the innermost charged event on the stack was counted as. */
function chargedKind(stack: TraceEvent[]): string | null {
  for (let index = stack.length - 1; index >= 0; index--) {
    const event = stack[index] as TraceEvent;
    if (event.name === 'RunTask') return 'other';
    const kind = KINDS[event.name];
    if (kind) return kind;
  }
  return null;
}
