import type { Process, Transition } from './schema';
import { TransitionSchema } from './schema';
import {
  applyPatch,
  check,
  checkFreeId,
  checkId,
  CommandError,
  removeAt,
  replaceAt,
  requireIndex,
  requireStageIndex,
  sameValues,
} from './commandSupport';
import { PROBABILITY_TOLERANCE, roundProbability } from './rules';

/** Pure commands on transitions (exits between stages) and their probabilities. */

// Shares are rounded to the app's one probability step so spread probabilities display cleanly.
const roundShare = roundProbability;

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** What `connect` needs. */
export interface ConnectInit {
  id: string;
  from: string;
  to: string;
  /** Share of deals leaving `from` that take this exit, 0..1. Default: what is left to reach 100 %. */
  probability?: number;
  /** Default empty. */
  label?: string;
}

/**
 * Adds a transition `from` → `to`. Refused when: the id is taken; either stage does not exist;
 * `from` is a won or lost stage (deals end there); or a transition between the same two stages
 * in the same direction already exists (two arrows would silently add up — edit the existing
 * one instead). Self-loops are allowed ("still negotiating"); one taking 100 % of deals is
 * reported by `validateProcess` as `no-way-out`. Without a probability the new exit takes what is
 * left of 100 % (never below 0), so the first exit of a stage gets 100 %.
 */
export function connect(doc: Process, init: ConnectInit): Process {
  checkId(init.id, 'Transition');
  checkFreeId(doc.transitions, init.id, 'transition');
  const from = doc.stages[requireStageIndex(doc, init.from)]!;
  const to = doc.stages[requireStageIndex(doc, init.to)]!;
  if (from.kind === 'won' || from.kind === 'lost') {
    throw new CommandError('refused', `“${from.name}” is a ${from.kind} stage: deals end there, so nothing can leave it`);
  }
  if (doc.transitions.some((transition) => transition.from === init.from && transition.to === init.to)) {
    throw new CommandError(
      'refused',
      `“${from.name}” is already connected to “${to.name}”; change that transition's probability instead`,
    );
  }
  const used = doc.transitions
    .filter((transition) => transition.from === init.from)
    .reduce((sum, transition) => sum + transition.probability, 0);
  const transition: Transition = {
    id: init.id,
    from: init.from,
    to: init.to,
    probability: init.probability ?? clamp01(roundShare(1 - used)),
    label: init.label ?? '',
  };
  check(TransitionSchema, transition, `Transition from “${from.name}” to “${to.name}”`);
  return { ...doc, transitions: [...doc.transitions, transition] };
}

/** Sets the share of deals that take a transition, 0..1. Other exits are left as they are. */
export function setProbability(doc: Process, transitionId: string, probability: number): Process {
  return updateTransition(doc, transitionId, { probability });
}

/** The transition properties `updateTransition` may change (not its ends: delete and reconnect). */
export type TransitionPatch = Partial<Pick<Transition, 'label' | 'probability'>>;

/** Changes a transition's label or probability. */
export function updateTransition(doc: Process, transitionId: string, patch: TransitionPatch): Process {
  const index = requireIndex(doc.transitions, transitionId, 'transition');
  const transition = doc.transitions[index]!;
  const allowed: TransitionPatch = {};
  if (Object.hasOwn(patch, 'label')) allowed.label = patch.label;
  if (Object.hasOwn(patch, 'probability')) allowed.probability = patch.probability;
  if (sameValues(transition, allowed)) return doc;
  const next = applyPatch(transition, allowed);
  check(TransitionSchema, next, 'Transition');
  return { ...doc, transitions: replaceAt(doc.transitions, index, next) };
}

/** Removes a transition. */
export function disconnect(doc: Process, transitionId: string): Process {
  const index = requireIndex(doc.transitions, transitionId, 'transition');
  return { ...doc, transitions: removeAt(doc.transitions, index) };
}

/**
 * "Spread the rest evenly": makes a stage's exits sum to exactly 100 %.
 * - Below 100 %: the missing share is split evenly among the exits still at 0 % (the ones the
 *   user has not set yet); when none is at 0 %, among all exits.
 * - Above 100 %: every exit is scaled down proportionally (p ÷ sum), keeping their ratios.
 * Shares are rounded to 0.01 % and the stage's last exit takes the exact remainder, so the sum is
 * 1 within floating-point rounding (far inside the validator's 1e-6). Returns the input when the
 * exits already sum to 100 %; refuses a stage without exits.
 */
export function spreadRemainingProbability(doc: Process, stageId: string): Process {
  const stage = doc.stages[requireStageIndex(doc, stageId)]!;
  const indexes: number[] = [];
  doc.transitions.forEach((transition, index) => {
    if (transition.from === stageId) indexes.push(index);
  });
  if (indexes.length === 0) {
    throw new CommandError('refused', `“${stage.name}” has no exits to spread probability over; connect it first`);
  }
  const current = indexes.map((index) => doc.transitions[index]!.probability);
  const sum = current.reduce((total, p) => total + p, 0);
  if (Math.abs(sum - 1) <= PROBABILITY_TOLERANCE) return doc;

  let exact: number[];
  if (sum < 1) {
    const zeros = current.map((p, i) => (p === 0 ? i : -1)).filter((i) => i >= 0);
    const targets = new Set(zeros.length > 0 ? zeros : current.map((_, i) => i));
    const share = (1 - sum) / targets.size;
    exact = current.map((p, i) => (targets.has(i) ? p + share : p));
  } else {
    exact = current.map((p) => p / sum);
  }
  const shares = closeToOne(exact.map(roundShare)) ?? closeToOne(exact)!;
  let transitions = doc.transitions;
  indexes.forEach((transitionIndex, i) => {
    const transition = transitions[transitionIndex]!;
    if (transition.probability !== shares[i]) {
      transitions = replaceAt(transitions, transitionIndex, { ...transition, probability: shares[i]! });
    }
  });
  return { ...doc, transitions };
}

/**
 * Replaces the last share by 1 − (sum of the others), summed in order, so the total is 1 up to
 * one rounding step. Null when that remainder falls outside 0..1.
 */
function closeToOne(shares: readonly number[]): number[] | null {
  let others = 0;
  for (let i = 0; i < shares.length - 1; i++) others += shares[i]!;
  const exact = 1 - others;
  if (exact < -PROBABILITY_TOLERANCE || exact > 1 + PROBABILITY_TOLERANCE) return null;
  // Snap 0.30000000000000004 to 0.3, but never by more than float noise.
  const snapped = roundShare(exact);
  const last = Math.abs(snapped - exact) < 1e-12 ? snapped : exact;
  return [...shares.slice(0, -1), clamp01(last)];
}

