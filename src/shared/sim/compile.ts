import { fillWeight, triangularMeanSeconds } from '../model/adminTime';
import type { Problem } from '../model/problems';
import {
  type Entries,
  type FieldStatus,
  type Process,
  type Requirement,
  type Stage,
  type ValueToSales,
} from '../model/schema';
import { whatIfField, type FieldOverrides } from './whatIf';

export type { FieldOverride, FieldOverrides } from './whatIf';

/** Typed-array code of `once-per-deal`. */
export const ENTRIES_ONCE = 0;
/** Typed-array code of `every-stage-visit`. */
export const ENTRIES_EVERY_VISIT = 1;
/** Typed-array code of `weekly-while-in-stage`. */
export const ENTRIES_WEEKLY = 2;

/** Typed-array stage kind: start and working stages (transient states of the chain). */
export const STAGE_TRANSIENT = 0;
/** Typed-array stage kind: a won outcome (absorbing). */
export const STAGE_WON = 1;
/** Typed-array stage kind: a lost outcome (absorbing). */
export const STAGE_LOST = 2;

/** A field with overrides applied, as both engines see it. */
export interface EffectiveField {
  stageId: string;
  stageIndex: number;
  fieldId: string;
  /** Index of the field within its stage's `fields`. */
  fieldIndex: number;
  label: string;
  /** Requirement after overrides. */
  requirement: Requirement;
  requestedBy: string;
  consumers: readonly string[];
  valueToSales: ValueToSales;
  status: FieldStatus;
  entries: Entries;
  /** True when someone wrote down why the field exists (non-blank justification). */
  justified: boolean;
  /** False when retired or switched off by an override: the field costs 0. */
  active: boolean;
  /**
   * Expected share of entries the rep actually fills, 0..1: 1 for mandatory fields, the fill rate
   * for optional ones, 0 when inactive.
   */
  weight: number;
  /** Typical / fastest / slowest seconds per fill, after overrides; min ≤ typical ≤ max. */
  seconds: number;
  secondsMin: number;
  secondsMax: number;
  /**
   * Mean seconds per fill: (min + typical + max) / 3, the mean of the triangular distribution the
   * Monte Carlo engine draws from. Equals `seconds` when no spread is given.
   */
  meanSeconds: number;
}

/** The stage graph flattened into arrays: what the chain solvers need, without the fields. */
export interface CompiledGraph {
  stageIds: string[];
  stageNames: string[];
  /** `STAGE_TRANSIENT`, `STAGE_WON` or `STAGE_LOST` per stage. */
  stageKind: Uint8Array;
  /** Expected days per visit; 0 for won / lost stages (a closed deal no longer sits anywhere). */
  stageDays: Float64Array;
  /** Admin minutes per visit the team agreed to, or NaN when none was set. */
  stageBudgetMinutes: Float64Array;
  startIndex: number;
  /** Transitions as parallel arrays; only those whose ends are known stages. */
  transitionFrom: Int32Array;
  transitionTo: Int32Array;
  transitionProbability: Float64Array;
}

/**
 * The process flattened into arrays, with overrides applied. Strings and each field's `consumers`
 * array are shared with the input rather than copied: documents are immutable (commands replace
 * what they change, `validateProcess` and the engines never mutate), and a copy of 30,000 reader
 * lists was ~2 MB of allocation on every first open. Every other array here is new; the effective
 * fields of a stage no override touches are shared with other compilations of the same stage
 * object (read-only, like everything here).
 */
export interface CompiledProcess extends CompiledGraph {
  fields: EffectiveField[];
  /** The same fields grouped by stage, in stage order (`fields` is their concatenation). */
  stageFields: readonly (readonly EffectiveField[])[];
}

/** A compiled process, or the problems that stopped compilation. */
export type CompileResult = { ok: true; compiled: CompiledProcess } | { ok: false; problems: Problem[] };

const MAX_SECONDS = 24 * 60 * 60;
const REQUIREMENTS: readonly Requirement[] = ['optional', 'required', 'blocks-stage', 'blocks-commission'];

/** Checks an overrides object; returns located problems (`overrides.<fieldId>.<key>`). */
export function checkOverrides(overrides: FieldOverrides | undefined): Problem[] {
  const problems: Problem[] = [];
  if (!overrides) return problems;
  for (const [fieldId, override] of Object.entries(overrides)) {
    const where = `overrides.${fieldId}`;
    if (override.enabled !== undefined && typeof override.enabled !== 'boolean') {
      problems.push(overrideProblem(`${where}.enabled`, 'must be true or false', fieldId));
    }
    const s = override.secondsToComplete;
    if (s !== undefined && (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s > MAX_SECONDS)) {
      problems.push(overrideProblem(`${where}.secondsToComplete`, `must be a number from 0 to ${MAX_SECONDS}`, fieldId));
    }
    if (override.requirement !== undefined && !REQUIREMENTS.includes(override.requirement)) {
      problems.push(overrideProblem(`${where}.requirement`, `must be one of ${REQUIREMENTS.join(', ')}`, fieldId));
    }
  }
  return problems;
}

function overrideProblem(path: string, message: string, fieldId: string): Problem {
  return { severity: 'error', code: 'override', path, message, fieldId };
}

/**
 * The stage graph of a (validated) process as arrays; fails only without a start stage. Enough for
 * questions about flow alone (the KPI check's qualifying stage) without flattening every field.
 */
export function compileGraph(process: Pick<Process, 'stages' | 'transitions'>): { ok: true; graph: CompiledGraph } | { ok: false; problems: Problem[] } {
  const n = process.stages.length;
  const index = new Map<string, number>();
  const stageIds: string[] = new Array<string>(n);
  const stageNames: string[] = new Array<string>(n);
  const stageKind = new Uint8Array(n);
  const stageDays = new Float64Array(n);
  const stageBudgetMinutes = new Float64Array(n);
  let startIndex = -1;
  for (let i = 0; i < n; i++) {
    const stage = process.stages[i]!;
    if (!index.has(stage.id)) index.set(stage.id, i);
    stageIds[i] = stage.id;
    stageNames[i] = stage.name;
    stageKind[i] = stage.kind === 'won' ? STAGE_WON : stage.kind === 'lost' ? STAGE_LOST : STAGE_TRANSIENT;
    stageDays[i] = stageKind[i] === STAGE_TRANSIENT ? stage.expectedDays : 0;
    stageBudgetMinutes[i] = stage.adminBudgetMinutes ?? Number.NaN;
    if (stage.kind === 'start' && startIndex < 0) startIndex = i;
  }
  if (startIndex < 0) {
    return { ok: false, problems: [{ severity: 'error', code: 'no-start', path: 'stages', message: 'the process has no start stage' }] };
  }

  const from: number[] = [];
  const to: number[] = [];
  const probability: number[] = [];
  for (const t of process.transitions) {
    const a = index.get(t.from);
    const b = index.get(t.to);
    if (a === undefined || b === undefined || t.probability === 0) continue;
    from.push(a);
    to.push(b);
    probability.push(t.probability);
  }
  return {
    ok: true,
    graph: {
      stageIds,
      stageNames,
      stageKind,
      stageDays,
      stageBudgetMinutes,
      startIndex,
      transitionFrom: Int32Array.from(from),
      transitionTo: Int32Array.from(to),
      transitionProbability: Float64Array.from(probability),
    },
  };
}

/**
 * Flattens a (validated) process for the engines. Checks only what the engines themselves rely
 * on — overrides, a start stage — the graph rules belong to `validateProcess`.
 */
export function compileProcess(process: Process, overrides?: FieldOverrides): CompileResult {
  const problems = checkOverrides(overrides);
  const graph = compileGraph(process);
  if (!graph.ok) problems.push(...graph.problems);
  if (problems.length > 0 || !graph.ok) return { ok: false, problems };

  const stages = process.stages;
  const stageFields = new Array<readonly EffectiveField[]>(stages.length);
  const defaultFillRate = process.scenario.defaultFillRate;
  let total = 0;
  for (let stageIndex = 0; stageIndex < stages.length; stageIndex++) {
    const group = effectiveFieldsOf(stages[stageIndex]!, stageIndex, defaultFillRate, overrides);
    stageFields[stageIndex] = group;
    total += group.length;
  }
  // Sized once: pushing 30,000 fields grows (and copies) the array a dozen times.
  const fields = new Array<EffectiveField>(total);
  let k = 0;
  for (const group of stageFields) for (let i = 0; i < group.length; i++) fields[k++] = group[i]!;

  return { ok: true, compiled: { ...graph.graph, fields, stageFields } };
}

/**
 * A stage's effective fields, remembered per stage object while no override touches its fields:
 * commands share the stages an edit leaves alone, so recompiling after an edit builds only the
 * changed stages' fields.
 */
const stageCache = new WeakMap<Stage, { stageIndex: number; defaultFillRate: number; fields: readonly EffectiveField[] }>();

function effectiveFieldsOf(stage: Stage, stageIndex: number, defaultFillRate: number, overrides: FieldOverrides | undefined): readonly EffectiveField[] {
  // Own keys only: a field id such as "constructor" is not an override.
  const overridden = overrides !== undefined && stage.fields.some((field) => Object.hasOwn(overrides, field.id));
  if (!overridden) {
    const known = stageCache.get(stage);
    if (known && known.stageIndex === stageIndex && known.defaultFillRate === defaultFillRate) return known.fields;
  }
  const fields = stage.fields.map((original, fieldIndex): EffectiveField => {
    const field = overridden && Object.hasOwn(overrides!, original.id) ? whatIfField(original, overrides![original.id]) : original;
    const requirement = field.requirement;
    const active = field.status !== 'retired';
    const seconds = field.secondsToComplete;
    const secondsMin = Math.min(field.secondsMin ?? seconds, seconds);
    const secondsMax = Math.max(field.secondsMax ?? seconds, seconds);
    return {
      stageId: stage.id,
      stageIndex,
      fieldId: field.id,
      fieldIndex,
      label: field.label,
      requirement,
      requestedBy: field.requestedBy,
      consumers: field.consumers,
      valueToSales: field.valueToSales,
      status: original.status,
      entries: field.entries,
      justified: field.justification.trim() !== '',
      active,
      weight: fillWeight(active, requirement, field.fillRate, defaultFillRate),
      seconds,
      secondsMin,
      secondsMax,
      meanSeconds: triangularMeanSeconds(secondsMin, seconds, secondsMax),
    };
  });
  if (!overridden) stageCache.set(stage, { stageIndex, defaultFillRate, fields });
  return fields;
}

/** Numeric code of an `entries` rule. */
export function entriesCode(entries: Entries): number {
  return entries === 'once-per-deal' ? ENTRIES_ONCE : entries === 'every-stage-visit' ? ENTRIES_EVERY_VISIT : ENTRIES_WEEKLY;
}
