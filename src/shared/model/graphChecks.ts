import { formatPercent, quote, type Problem } from './problems';
import { isTerminal, sumsToOne } from './rules';
import type { Process } from './schema';

/**
 * The graph rules: start / won stages, exits (`no-exit`, `probability-sum`, `terminal-exit`,
 * `parallel-transitions`), reachability from the start (`unreachable-stage`) and whether deals can
 * finish (`no-way-out`). Stages are numbered once and edges kept in flat arrays (compressed rows),
 * so the cost is linear in stages plus transitions.
 *
 * Where two stages share an id (reported by the identity rules), the first one stands for the id.
 */
export interface GraphProblems {
  /** In rule order: start, won, terminal exits, exits per stage, unreachable, no way out. */
  errors: Problem[];
  /** `parallel-transitions`, in transition order. */
  warnings: Problem[];
}

/** Edges grouped by their source: `targets[offsets[i] .. offsets[i + 1])` belong to stage i. */
interface Rows {
  offsets: Int32Array;
  targets: Int32Array;
}

/** Groups `(source[k], value[k])` pairs by source, keeping their order within each source. */
function rows(n: number, source: readonly number[], value: readonly number[]): Rows {
  const offsets = new Int32Array(n + 1);
  for (const s of source) offsets[s + 1]!++;
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(source.length);
  for (let k = 0; k < source.length; k++) targets[fill[source[k]!]!++] = value[k]!;
  return { offsets, targets };
}

/** Breadth-first search from `roots` along `edges` (rows of stage indexes). */
function reach(n: number, roots: Iterable<number>, edges: Rows): Uint8Array {
  const seen = new Uint8Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (const root of roots) {
    if (seen[root]) continue;
    seen[root] = 1;
    queue[tail++] = root;
  }
  for (let head = 0; head < tail; head++) {
    const at = queue[head]!;
    for (let e = edges.offsets[at]!; e < edges.offsets[at + 1]!; e++) {
      const next = edges.targets[e]!;
      if (!seen[next]) {
        seen[next] = 1;
        queue[tail++] = next;
      }
    }
  }
  return seen;
}

/** Runs the graph rules on a document that may hold duplicate ids or dangling transitions. */
export function graphProblems(process: Pick<Process, 'stages' | 'transitions'>): GraphProblems {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const { stages, transitions } = process;
  const n = stages.length;

  // The first stage with an id stands for it; `owner[i]` says whether stage i is that stage.
  const indexOf = new Map<string, number>();
  const owner = new Uint8Array(n);
  const starts: number[] = [];
  let hasWon = false;
  for (let i = 0; i < n; i++) {
    const stage = stages[i]!;
    if (!indexOf.has(stage.id)) {
      indexOf.set(stage.id, i);
      owner[i] = 1;
    }
    if (stage.kind === 'start') starts.push(i);
    else if (stage.kind === 'won') hasWon = true;
  }
  const nameOf = (stageId: string): string => {
    const index = indexOf.get(stageId);
    return index === undefined ? stageId : stages[index]!.name;
  };

  if (starts.length === 0) {
    errors.push({
      severity: 'error',
      code: 'no-start-stage',
      path: 'stages',
      message: 'The process has no start stage: mark the stage where new opportunities enter as the start',
    });
  } else {
    const firstStart = stages[starts[0]!]!;
    for (let k = 1; k < starts.length; k++) {
      const stage = stages[starts[k]!]!;
      errors.push({
        severity: 'error',
        code: 'multiple-start-stages',
        // The first array position holding this stage object (a stage listed twice points there).
        path: `stages[${stages.indexOf(stage)}].kind`,
        message: `${quote(stage.name)} is a second start stage; a process has exactly one (the first is ${quote(firstStart.name)})`,
        stageId: stage.id,
      });
    }
  }
  if (!hasWon) {
    errors.push({
      severity: 'error',
      code: 'no-won-stage',
      path: 'stages',
      message: 'The process has no won stage, so no deal can ever be won',
    });
  }

  // Structure (every drawn arrow) decides reachability; only exits with a chance of being taken
  // (probability > 0) count as a way out, because that is what the Markov simulation sees.
  const exitFrom: number[] = [];
  const exitIndex: number[] = [];
  const exitTo: number[] = [];
  const liveFrom: number[] = [];
  const liveTo: number[] = [];
  const pairs = new Map<number, number>();
  for (let t = 0; t < transitions.length; t++) {
    const transition = transitions[t]!;
    const from = indexOf.get(transition.from);
    const to = indexOf.get(transition.to);
    if (from === undefined || to === undefined) continue;
    exitFrom.push(from);
    exitIndex.push(t);
    exitTo.push(to);
    if (transition.probability > 0) {
      liveFrom.push(to);
      liveTo.push(from);
    }
    const pair = from * n + to;
    if (pairs.has(pair)) {
      warnings.push({
        severity: 'warning',
        code: 'parallel-transitions',
        path: `transitions[${t}]`,
        message: `A second transition from ${quote(nameOf(transition.from))} to ${quote(nameOf(transition.to))}; their probabilities add up, which is easy to miss — merge them`,
        stageId: transition.from,
        transitionId: transition.id,
      });
    } else pairs.set(pair, t);
    const source = stages[from]!;
    if (isTerminal(source)) {
      errors.push({
        severity: 'error',
        code: 'terminal-exit',
        path: `transitions[${t}]`,
        message: `${quote(source.name)} is a ${source.kind} stage: deals end there, so no transition may leave it`,
        stageId: transition.from,
        transitionId: transition.id,
      });
    }
  }
  const exits = rows(n, exitFrom, exitIndex);
  const forward = rows(n, exitFrom, exitTo);
  const backwardLive = rows(n, liveFrom, liveTo);

  for (let i = 0; i < n; i++) {
    const stage = stages[i]!;
    if (!owner[i] || isTerminal(stage)) continue;
    const begin = exits.offsets[i]!;
    const end = exits.offsets[i + 1]!;
    if (begin === end) {
      errors.push({
        severity: 'error',
        code: 'no-exit',
        path: `stages[${i}]`,
        message: `${quote(stage.name)} has no exit: connect it to the next stage, or to a won or lost stage`,
        stageId: stage.id,
      });
      continue;
    }
    let sum = 0;
    for (let e = begin; e < end; e++) sum += transitions[exits.targets[e]!]!.probability;
    if (!sumsToOne(sum)) {
      errors.push({
        severity: 'error',
        code: 'probability-sum',
        path: `stages[${i}]`,
        message: `${quote(stage.name)}: outgoing probabilities sum to ${formatPercent(sum)}, not 100%`,
        stageId: stage.id,
      });
    }
  }

  if (starts.length > 0) {
    const firstStart = stages[starts[0]!]!;
    const reachable = reach(
      n,
      starts.map((i) => indexOf.get(stages[i]!.id)!),
      forward,
    );
    for (let i = 0; i < n; i++) {
      if (!owner[i] || reachable[i]) continue;
      const stage = stages[i]!;
      errors.push({
        severity: 'error',
        code: 'unreachable-stage',
        path: `stages[${i}]`,
        message: `${quote(stage.name)} cannot be reached from the start stage ${quote(firstStart.name)}: no path of transitions leads to it`,
        stageId: stage.id,
      });
    }
  }

  const terminals: number[] = [];
  for (let i = 0; i < n; i++) if (isTerminal(stages[i]!)) terminals.push(indexOf.get(stages[i]!.id)!);
  const canFinish = reach(n, terminals, backwardLive);
  for (let i = 0; i < n; i++) {
    const stage = stages[i]!;
    if (!owner[i] || isTerminal(stage) || canFinish[i]) continue;
    const live: string[] = [];
    for (let e = exits.offsets[i]!; e < exits.offsets[i + 1]!; e++) {
      const transition = transitions[exits.targets[e]!]!;
      if (transition.probability > 0) live.push(transition.to);
    }
    // No live exit at all is already reported as `no-exit` or `probability-sum`.
    if (live.length === 0) continue;
    const selfLoopOnly = live.every((to) => to === stage.id);
    const via = [...new Set(live.filter((to) => to !== stage.id))];
    errors.push({
      severity: 'error',
      code: 'no-way-out',
      path: `stages[${i}]`,
      message: selfLoopOnly
        ? `Deals that enter ${quote(stage.name)} can never leave it: its only exit loops back to itself`
        : `Deals that enter ${quote(stage.name)} can never leave it: every path from it (via ${via
            .map((to) => quote(nameOf(to)))
            .join(', ')}) cycles without reaching a won or lost stage`,
      stageId: stage.id,
    });
  }
  return { errors, warnings };
}
