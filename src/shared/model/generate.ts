import { DEFAULT_DEPARTMENTS, DEFAULT_SCENARIO } from './defaults';
import {
  CURRENT_SCHEMA_VERSION,
  DEFAULT_REVIEW_EVERY_MONTHS,
  type Entries,
  type Field,
  type FieldStatus,
  type FieldType,
  type Process,
  type Requirement,
  type Stage,
  type Transition,
  type ValueToSales,
} from './schema';

/**
 * Deterministic large processes for benchmarks and scale tests.
 *
 * Randomness: **mulberry32** (Tommy Ettinger's 32-bit generator, one word of state), inlined here
 * because the shape of a test fixture does not need the statistical quality of the simulation's
 * sfc32 (`../sim/rng.ts`) and the model must not depend on the simulation.
 */

/** What `createGeneratedProcess` builds. */
export interface GenerateOptions {
  /** Total stages, at least 3: one start, `stages − 3` working stages, one won, one lost. */
  stages: number;
  /** Total fields, at least 0, spread over all stages. */
  fields: number;
  /** Any integer; the same seed and sizes give the same document. */
  seed: number;
  /** Document id; default `generated-<stages>-<fields>-<seed>`. */
  id?: string;
  /** `createdAt` / `updatedAt`; default `2026-01-01T00:00:00.000Z`. */
  now?: string;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LABELS = [
  'Budget confirmed',
  'Decision maker identified',
  'Next step',
  'Forecast category',
  'Close date',
  'Competitors involved',
  'Use cases in scope',
  'Technical requirements',
  'Discount requested',
  'Quote number',
  'PO number',
  'Billing contact',
  'Loss reason',
  'Win reason',
  'Campaign code',
  'Industry',
  'Company size',
  'Buyer persona',
  'Legal review needed',
  'Security questionnaire',
  'Procurement contact',
  'Contract term',
  'Payment terms',
  'Implementation partner',
  'Champion name',
  'Pain summary',
  'Executive sponsor',
  'Renewal date',
  'Region',
  'Reference customer',
];

const TYPES: readonly FieldType[] = ['text', 'long-text', 'number', 'currency', 'date', 'picklist', 'checkbox'];
const VALUES: readonly ValueToSales[] = ['none', 'low', 'medium', 'high'];
const STATUSES: readonly FieldStatus[] = ['proposed', 'proposed', 'justified', 'justified', 'challenged', 'retired'];

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * Builds a deterministic, schema-valid process with zero semantic errors:
 * - a mostly-forward graph: every working stage continues to the next (so all are reachable from
 *   the start), half skip ahead up to five stages, about one in seven loops back up to three
 *   stages, late stages may close as won, and every stage has an exit to lost (so every stage
 *   reaches a terminal stage and no set of stages traps deals);
 * - exit probabilities in whole percent, the lost exit last and at most 40 %, taking
 *   1 − (sum of the others): the others sum to at least 0.6, so that subtraction and the
 *   validator's sum are exact and each stage's exits add up to exactly 1;
 * - stages on a grid (300 × 200 units), fields spread at random with realistic timings
 *   (15–240 s), some unjustified or unconsumed (warnings are expected).
 * Ids: stages `st-0000…`, fields `fd-00000…`, transitions `tr-00000…`.
 */
export function createGeneratedProcess(options: GenerateOptions): Process {
  const stageCount = Math.max(3, Math.floor(options.stages));
  const fieldCount = Math.max(0, Math.floor(options.fields));
  const random = mulberry32(options.seed);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const now = options.now ?? '2026-01-01T00:00:00.000Z';

  const working = stageCount - 3;
  const cols = Math.max(1, Math.ceil(Math.sqrt(stageCount * 2)));
  const place = (index: number): { x: number; y: number } => ({
    x: (index % cols) * 300,
    y: Math.floor(index / cols) * 200,
  });
  const stageId = (index: number): string => `st-${pad(index, 4)}`;
  // Indexes 0 = start, 1..working = working stages, working + 1 = won, working + 2 = lost.
  const wonIndex = working + 1;
  const lostIndex = working + 2;

  const stages: Stage[] = [];
  for (let index = 0; index < stageCount; index++) {
    const kind = index === 0 ? 'start' : index === wonIndex ? 'won' : index === lostIndex ? 'lost' : 'stage';
    const terminal = kind === 'won' || kind === 'lost';
    const name = index === 0 ? 'Lead' : kind === 'won' ? 'Won' : kind === 'lost' ? 'Lost' : `Stage ${index}`;
    const stage: Stage = {
      id: stageId(index),
      name,
      kind,
      position: place(index),
      description: '',
      expectedDays: terminal ? 0 : int(1, 30),
      fields: [],
    };
    if (!terminal && random() < 0.5) stage.adminBudgetMinutes = int(5, 30);
    stages.push(stage);
  }

  const transitions: Transition[] = [];
  let transitionSeq = 0;
  for (let index = 0; index <= working; index++) {
    const targets: number[] = [index < working ? index + 1 : wonIndex];
    if (index + 2 <= working && random() < 0.5) targets.push(int(index + 2, Math.min(working, index + 6)));
    if (index >= 2 && random() < 0.15) targets.push(int(Math.max(1, index - 3), index - 1));
    if (index < working && index > working / 2 && random() < 0.2) targets.push(wonIndex);

    const lostPercent = int(5, 40);
    const weights = targets.map((_, i) => (i === 0 ? int(3, 8) : int(1, 4)));
    const weightSum = weights.reduce((sum, w) => sum + w, 0);
    const percents = weights.map((w) => Math.floor(((100 - lostPercent) * w) / weightSum));
    percents[0]! += 100 - lostPercent - percents.reduce((sum, p) => sum + p, 0);

    let others = 0;
    targets.forEach((target, i) => {
      const probability = percents[i]! / 100;
      others += probability;
      transitions.push({
        id: `tr-${pad(transitionSeq++, 5)}`,
        from: stageId(index),
        to: stageId(target),
        probability,
        label: target < index ? 'back' : '',
      });
    });
    transitions.push({
      id: `tr-${pad(transitionSeq++, 5)}`,
      from: stageId(index),
      to: stageId(lostIndex),
      probability: 1 - others,
      label: 'lost',
    });
  }

  const departmentIds = DEFAULT_DEPARTMENTS.map((department) => department.id);
  for (let n = 0; n < fieldCount; n++) {
    const stage = stages[int(0, stageCount - 1)]!;
    const seconds = int(15, 240);
    const roll = random();
    const requirement: Requirement =
      roll < 0.4 ? 'optional' : roll < 0.75 ? 'required' : roll < 0.9 ? 'blocks-stage' : 'blocks-commission';
    const entriesRoll = random();
    const entries: Entries =
      entriesRoll < 0.7 ? 'once-per-deal' : entriesRoll < 0.85 ? 'every-stage-visit' : 'weekly-while-in-stage';
    const consumers = random() < 0.15 ? [] : departmentIds.filter(() => random() < 0.35);
    const field: Field = {
      id: `fd-${pad(n, 5)}`,
      label: `${pick(LABELS)} ${n + 1}`,
      type: pick(TYPES),
      requirement,
      requestedBy: pick(departmentIds),
      consumers,
      justification: random() < 0.15 ? '' : 'Generated for a scale test.',
      decisionSupported: '',
      valueToSales: pick(VALUES),
      secondsToComplete: seconds,
      secondsMin: Math.round(seconds / 2),
      secondsMax: seconds * 2,
      entries,
      status: pick(STATUSES),
    };
    if (requirement === 'optional') field.fillRate = int(5, 95) / 100;
    stage.fields.push(field);
  }

  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    id: options.id ?? `generated-${stageCount}-${fieldCount}-${options.seed}`,
    name: `Generated process (${stageCount} stages, ${fieldCount} fields, seed ${options.seed})`,
    description: 'A deterministic synthetic process for benchmarks and scale tests.',
    revision: 0,
    createdAt: now,
    updatedAt: now,
    departments: DEFAULT_DEPARTMENTS.map((department) => ({ ...department })),
    stages,
    transitions,
    scenario: { ...DEFAULT_SCENARIO },
    kpis: [],
    reviewEveryMonths: DEFAULT_REVIEW_EVERY_MONTHS,
  };
}
