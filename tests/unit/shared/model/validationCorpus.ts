import { createGeneratedProcess, mulberry32 } from '../../../../src/shared/model/generate';
import type { Field, Process, Stage, StageKind, Transition } from '../../../../src/shared/model/schema';

/**
 * A deterministic corpus of awkward processes for the validation equivalence test: a generated
 * process (`createGeneratedProcess`) broken in random ways chosen to trip every rule — duplicate
 * and dangling ids, repeated readers, missing / extra start, won and lost stages, exits that do
 * not sum to 100 %, dead exits, self loops, traps, parallel arrows, unreachable stages, labels
 * that are near-duplicates (case, punctuation, plurals, filler words, accents, non-Latin script),
 * retired fields, weekly fields on closed stages, low fill rates, overdue reviews and tight
 * budgets. The documents stay schema-valid: that is `validateProcess`'s domain.
 *
 * The generator is its own small seeded PRNG (mulberry32) and plain code — no fast-check — so a
 * library upgrade cannot change the corpus under the recorded outputs.
 * Do not change it without re-recording `tests/fixtures/validation/recorded.json` from an
 * implementation known to be right (see `recordValidation.ts`).
 */
export interface CorpusCase {
  seed: number;
  process: Process;
  /** `validateProcess`'s `today` option, when the case sets one. */
  today?: string;
}


const LABELS = [
  'Budget confirmed?',
  'Budget Confirmed',
  'budget-confirmed',
  'Original lead source',
  'Lead source detail',
  'Lead sources',
  'Competitors',
  'competitor',
  'Priorité',
  'Priorite',
  'PRIORITÉ!',
  'The',
  'a an the',
  'Loss reason',
  'Win reason',
  'PO number',
  'Quote number',
  'Next   step!',
  'next-step',
  'Class',
  'classes',
  'Status',
  'Statuses',
  'Updated forecast category',
  'Forecast category (current)',
  'Straße',
  'Strasse',
  '预算',
  '预算 ',
  '🚀 Launch date',
  'Launch date',
  'Decision maker',
  'Decision makers identified',
  'Info',
  'Details',
  'x',
  'X',
];

const KINDS: readonly StageKind[] = ['start', 'stage', 'won', 'lost'];
const DEPARTMENTS = ['sales', 'sales-management', 'finance', 'marketing', 'operations', 'legal', 'ghost'];
const DATES = ['2025-01-31', '2026-03-01', '2026-06-15', '2027-12-31'];

/** The corpus case for `seed` (the same seed always gives the same case). */
export function corpusCase(seed: number): CorpusCase {
  const random = mulberry32(seed * 7919 + 17);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const chance = (p: number): boolean => random() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  const big = seed % 50 === 49;
  const base = createGeneratedProcess({
    stages: big ? int(80, 200) : int(3, 16),
    fields: big ? int(400, 1500) : int(0, 50),
    seed,
  });
  // Mutable copies: the generator's objects are not shared with anything else.
  const stages: Stage[] = base.stages;
  const transitions: Transition[] = base.transitions;
  const departments = base.departments;
  const kpis: Process['kpis'] = [];
  const fields = (): Field[] => stages.flatMap((stage) => stage.fields);

  // Labels from a pool full of near-duplicates, on a share of the fields.
  const labelShare = random();
  for (const field of fields()) if (chance(labelShare)) field.label = pick(LABELS);

  for (const field of fields()) {
    if (chance(0.08)) field.status = 'retired';
    if (chance(0.06)) field.requestedBy = pick(DEPARTMENTS);
    if (chance(0.06)) field.consumers = [...field.consumers, pick(DEPARTMENTS)];
    if (chance(0.05) && field.consumers.length > 0) field.consumers = [...field.consumers, field.consumers[0]!];
    if (chance(0.1)) field.entries = 'weekly-while-in-stage';
    if (chance(0.15)) field.fillRate = int(0, 100) / 100;
    if (chance(0.2)) field.reviewBy = pick(DATES);
    if (chance(0.05)) field.justification = '   ';
  }

  // Stage kinds and budgets.
  for (const stage of stages) {
    if (chance(0.04)) stage.kind = pick(KINDS);
    if (chance(0.2)) stage.adminBudgetMinutes = int(0, 10);
  }
  if (chance(0.1)) for (const stage of stages) if (stage.kind === 'start') stage.kind = 'stage';
  if (chance(0.1)) for (const stage of stages) if (stage.kind === 'won') stage.kind = 'lost';

  // Transitions: probabilities off, dead exits, self loops, parallel arrows, traps, removals.
  const stageIds = (): string[] => stages.map((stage) => stage.id);
  let next = transitions.length;
  const newTransition = (from: string, to: string, probability: number): Transition => ({
    id: `tr-x${next++}`,
    from,
    to,
    probability,
    label: '',
  });
  for (const transition of transitions) {
    if (chance(0.05)) transition.probability = int(0, 100) / 100;
    if (chance(0.03)) transition.probability = 0;
  }
  if (chance(0.3)) {
    const id = pick(stageIds());
    transitions.push(newTransition(id, id, int(0, 30) / 100));
  }
  if (chance(0.3) && transitions.length > 0) {
    const copy = pick(transitions);
    transitions.push({ ...copy, id: `tr-x${next++}` });
  }
  if (chance(0.25) && stages.length > 4) {
    // A trap: two working stages whose live exits only lead to each other.
    const a = stages[1]!.id;
    const b = stages[2]!.id;
    for (let i = transitions.length - 1; i >= 0; i--) {
      if (transitions[i]!.from === a || transitions[i]!.from === b) transitions.splice(i, 1);
    }
    transitions.push(newTransition(a, b, 1), newTransition(b, a, chance(0.5) ? 1 : 0.5));
    if (chance(0.5)) transitions.push(newTransition(b, pick(stageIds()), 0));
    // Parallel live arrows inside the trap: the message names each way out once.
    if (chance(0.5)) transitions.push(newTransition(a, b, 0.5), newTransition(a, a, 0.25));
  }
  if (chance(0.2)) {
    const cut = pick(stageIds());
    for (let i = transitions.length - 1; i >= 0; i--) {
      if (transitions[i]!.to === cut || (chance(0.3) && transitions[i]!.from === cut)) transitions.splice(i, 1);
    }
  }
  if (chance(0.15)) transitions.push(newTransition(pick(stageIds()), pick(stageIds()), int(0, 100) / 100));

  // Identity and reference breakage.
  if (chance(0.15) && stages.length > 1) {
    const copy = pick(stages);
    stages.push({ ...copy, name: `${copy.name} copy`, fields: [] });
  }
  if (chance(0.15)) {
    const all = fields();
    if (all.length > 1) pick(all).id = pick(all).id;
  }
  if (chance(0.1) && transitions.length > 1) pick(transitions).id = pick(transitions).id;
  if (chance(0.1) && transitions.length > 0) pick(transitions).from = 'st-missing';
  if (chance(0.1) && transitions.length > 0) pick(transitions).to = 'st-nowhere';
  if (chance(0.1)) departments.push({ ...departments[0]!, name: 'Sales again' });
  if (chance(0.3)) {
    const count = int(1, 4);
    for (let i = 0; i < count; i++) {
      kpis.push({
        id: chance(0.2) && kpis.length > 0 ? kpis[0]!.id : `kpi-${i}`,
        kind: 'win-rate',
        target: 0.3,
        ...(chance(0.7) ? { setBy: pick(DEPARTMENTS) } : {}),
        note: '',
      });
    }
  }
  if (chance(0.1)) {
    // Fields moved between stages, so document order and stage order differ from generation.
    const from = pick(stages);
    const to = pick(stages);
    to.fields.push(...from.fields.splice(0, int(0, from.fields.length)));
  }

  const process: Process = { ...base, stages, transitions, departments, kpis };
  const todayRoll = random();
  if (todayRoll < 0.4) return { seed, process };
  return { seed, process, today: todayRoll < 0.8 ? pick(DATES) : `${pick(DATES)}T23:59:59.000Z` };
}

/** Seeds of the corpus: 1..count. */
export function corpusSeeds(count = 400): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}
