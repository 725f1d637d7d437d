import { z } from 'zod';

/**
 * The Stagecraft process document: the sales process as a stage graph, the CRM fields each stage
 * asks reps to fill, why each field exists, and the scenario used to simulate the admin burden.
 *
 * The document is versioned (`schemaVersion`). Older versions are upgraded by `migrateDocument`
 * in `./migrate.ts`; this file only describes the current version.
 */

/**
 * The document version this code writes. Version 1 lacked `scenario` and `kpis`; version 2 lacked
 * the review cadence (`reviewEveryMonths`) and the fields' review log.
 */
export const CURRENT_SCHEMA_VERSION = 3 as const;

/** Months between field reviews when a process does not say otherwise. */
export const DEFAULT_REVIEW_EVERY_MONTHS = 12;

/** A stable identifier: 1–64 letters, digits, `_` or `-`. Unique within its collection. */
export const IdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'may only contain letters, digits, "_" and "-"');
export type Id = z.infer<typeof IdSchema>;

/** A CSS hex color, `#rrggbb`. */
export const ColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a color like #3366cc');

/** A calendar date, `YYYY-MM-DD`. */
export const DateSchema = z.iso.date('must be a date like 2026-12-31');

/** A point in time, ISO 8601 with offset. */
export const TimestampSchema = z.iso.datetime({ offset: true, message: 'must be an ISO timestamp' });

/** A department that asks for fields or reads them (Sales, Finance, Marketing…). */
export const DepartmentSchema = z.object({
  id: IdSchema,
  name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
  color: ColorSchema,
});
export type Department = z.infer<typeof DepartmentSchema>;

/**
 * Kind of stage:
 * - `start` — where every opportunity enters (exactly one per process);
 * - `stage` — a working stage reps move deals through;
 * - `won` / `lost` — terminal outcomes; no transitions leave them.
 */
export const StageKindSchema = z.enum(['start', 'stage', 'won', 'lost']);
export type StageKind = z.infer<typeof StageKindSchema>;

/** Field input types, as a CRM form would show them. */
export const FieldTypeSchema = z.enum([
  'text',
  'long-text',
  'number',
  'currency',
  'date',
  'picklist',
  'checkbox',
]);
export type FieldType = z.infer<typeof FieldTypeSchema>;

/**
 * How hard the CRM enforces a field:
 * - `optional` — reps may skip it; it costs time only as often as they fill it (fill rate);
 * - `required` — the form will not save without it;
 * - `blocks-stage` — the deal cannot move to the next stage until it is filled;
 * - `blocks-commission` — commission is withheld until it is filled.
 */
export const RequirementSchema = z.enum(['optional', 'required', 'blocks-stage', 'blocks-commission']);
export type Requirement = z.infer<typeof RequirementSchema>;

/** How much the field helps the rep sell, in the rep's own judgement. */
export const ValueToSalesSchema = z.enum(['none', 'low', 'medium', 'high']);
export type ValueToSales = z.infer<typeof ValueToSalesSchema>;

/**
 * How often a rep must fill the field:
 * - `once-per-deal` — once, the first time the deal reaches the stage;
 * - `every-stage-visit` — each time the deal enters the stage (loops count again);
 * - `weekly-while-in-stage` — every week the deal sits in the stage (forecast updates).
 */
export const EntriesSchema = z.enum(['once-per-deal', 'every-stage-visit', 'weekly-while-in-stage']);
export type Entries = z.infer<typeof EntriesSchema>;

/** Where a field stands in review: asked for, defended, questioned, or switched off. */
export const FieldStatusSchema = z.enum(['proposed', 'justified', 'challenged', 'retired']);
export type FieldStatus = z.infer<typeof FieldStatusSchema>;

/**
 * Who did something: the name typed in "Who is editing" and the department they speak for.
 * Every revision, review decision, comment and proposal records one.
 */
export const AuthorSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
  departmentId: IdSchema,
});
export type Author = z.infer<typeof AuthorSchema>;

/**
 * One review decision on a field: its status moved `from` → `to`, by whom, when and why.
 * A `challenged` event is a question addressed to a department (by default the requester), and
 * the challenge thread (comments with this event's `id` as `challengeId`) hangs off it.
 */
export const FieldReviewEventSchema = z.object({
  /** Unique within the field; comments answering a challenge point at it. */
  id: IdSchema,
  from: FieldStatusSchema,
  to: FieldStatusSchema,
  by: AuthorSchema,
  at: TimestampSchema,
  /** Why; required for `challenged` (the question) and `retired`. */
  reason: z.string().max(4000, 'must be at most 4000 characters'),
  /** For a challenge: the department id the question is addressed to. */
  addressedTo: IdSchema.optional(),
});
export type FieldReviewEvent = z.infer<typeof FieldReviewEventSchema>;

const MAX_SECONDS = 24 * 60 * 60;
const seconds = z
  .number({ message: 'must be a number' })
  .finite('must be a finite number')
  .min(0, 'must be ≥ 0')
  .max(MAX_SECONDS, `must be ≤ ${MAX_SECONDS}`);
const probability = z
  .number({ message: 'must be a number' })
  .finite('must be a finite number')
  .min(0, 'must be ≥ 0')
  .max(1, 'must be ≤ 1');

/** The bare field object, before cross-property checks; use `FieldSchema` to validate. */
export const FieldObjectSchema = z.object({
  id: IdSchema,
  /** The label the rep sees on the CRM form. */
  label: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  type: FieldTypeSchema,
  requirement: RequirementSchema,
  /** Department id of whoever asked for the field. */
  requestedBy: IdSchema,
  /** Department ids of whoever reads the field. Empty means nobody is recorded as using it. */
  consumers: z.array(IdSchema),
  /** Why the field exists, in plain words. Empty means nobody has said. */
  justification: z.string().max(4000, 'must be at most 4000 characters'),
  /** Which decision, report or KPI uses the field. */
  decisionSupported: z.string().max(1000, 'must be at most 1000 characters'),
  valueToSales: ValueToSalesSchema,
  /** Typical seconds a rep needs to fill the field once. */
  secondsToComplete: seconds,
  /** Fastest plausible fill, seconds; defaults to `secondsToComplete`. */
  secondsMin: seconds.optional(),
  /** Slowest plausible fill, seconds; defaults to `secondsToComplete`. */
  secondsMax: seconds.optional(),
  entries: EntriesSchema,
  /** Observed share of deals where the field gets filled, 0..1; used for optional fields. */
  fillRate: probability.optional(),
  status: FieldStatusSchema,
  /** Date by which the field's justification should be reviewed again. */
  reviewBy: DateSchema.optional(),
  /**
   * The field's name in the CRM (`Budget_Confirmed__c`, `hs_budget`), when it came from or maps to
   * one. Re-imports match on it first; the help-text and change-list exports print it.
   */
  apiName: z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters').optional(),
  /**
   * True while `justification` is the CRM's help text as imported, not yet confirmed by whoever
   * asked for the field: a draft to review, shown as such.
   */
  justificationImported: z.boolean().optional(),
  /** Review decisions on this field, oldest first; absent means none were recorded. */
  reviewLog: z.array(FieldReviewEventSchema).max(1000, 'must hold at most 1000 events').optional(),
});

/** A CRM field on one stage; `secondsMin ≤ secondsToComplete ≤ secondsMax` when given. */
export const FieldSchema = FieldObjectSchema.superRefine((field, ctx) => {
  if (field.secondsMin !== undefined && field.secondsMin > field.secondsToComplete) {
    ctx.addIssue({
      code: 'custom',
      path: ['secondsMin'],
      message: `must be ≤ the typical ${field.secondsToComplete} s`,
    });
  }
  if (field.secondsMax !== undefined && field.secondsMax < field.secondsToComplete) {
    ctx.addIssue({
      code: 'custom',
      path: ['secondsMax'],
      message: `must be ≥ the typical ${field.secondsToComplete} s`,
    });
  }
});
export type Field = z.infer<typeof FieldSchema>;

/** Canvas coordinates of a stage's top-left corner, in React Flow units (px at zoom 1). */
export const PositionSchema = z.object({
  x: z.number().finite('must be a finite number'),
  y: z.number().finite('must be a finite number'),
});
export type Position = z.infer<typeof PositionSchema>;

/** A stage of the sales process and the fields reps must fill there. */
export const StageSchema = z.object({
  id: IdSchema,
  name: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
  kind: StageKindSchema,
  position: PositionSchema,
  description: z.string().max(4000, 'must be at most 4000 characters'),
  /** Typical days a deal spends in the stage per visit. 0 for terminal stages. */
  expectedDays: z.number().finite().min(0, 'must be ≥ 0').max(3650, 'must be ≤ 3650'),
  /** Admin minutes per visit the team agreed is acceptable; exceeding it is flagged. */
  adminBudgetMinutes: z.number().finite().min(0, 'must be ≥ 0').max(24 * 60).optional(),
  fields: z.array(FieldSchema),
});
export type Stage = z.infer<typeof StageSchema>;

/** A possible move of a deal from one stage to another, with the share of deals that take it. */
export const TransitionSchema = z.object({
  id: IdSchema,
  from: IdSchema,
  to: IdSchema,
  /** Share of deals leaving `from` that go to `to`, 0..1. A stage's exits sum to 1. */
  probability,
  label: z.string().max(120, 'must be at most 120 characters'),
});
export type Transition = z.infer<typeof TransitionSchema>;

/**
 * The business assumptions the burden simulation runs on. Stored with the process so a review
 * meeting argues about the same numbers.
 */
export const ScenarioSchema = z.object({
  /** Sales reps filling these forms. */
  reps: z.number().int('must be a whole number').min(1, 'must be ≥ 1').max(100000),
  /** New opportunities each rep opens per month. */
  opportunitiesPerRepPerMonth: z.number().finite().min(0, 'must be ≥ 0').max(10000),
  /** Contracted working hours per rep per month. */
  workingHoursPerMonth: z.number().finite().min(1, 'must be ≥ 1').max(744),
  /** Fully loaded cost of one rep hour, in `currency`. */
  loadedHourlyCost: z.number().finite().min(0, 'must be ≥ 0'),
  /** Average value of a won deal, in `currency`. */
  averageDealValue: z.number().finite().min(0, 'must be ≥ 0'),
  /** Share of deals where an optional field is filled when it has no observed fill rate, 0..1. */
  defaultFillRate: probability,
  /** ISO 4217 code used to display money. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a currency code like EUR'),
});
export type Scenario = z.infer<typeof ScenarioSchema>;

/**
 * KPI kinds management sets for sales:
 * - `pipeline-coverage` — pipeline value ÷ target, a multiple (3 means "3× target");
 * - `opportunity-conversion` — share of opportunities that must convert to closed orders, 0..1;
 * - `win-rate` — share of qualified deals won, 0..1;
 * - `sales-cycle-days` — days from first stage to close.
 */
export const KpiKindSchema = z.enum([
  'pipeline-coverage',
  'opportunity-conversion',
  'win-rate',
  'sales-cycle-days',
]);
export type KpiKind = z.infer<typeof KpiKindSchema>;

/** A KPI target and who set it. */
export const KpiSchema = z.object({
  id: IdSchema,
  kind: KpiKindSchema,
  target: z.number().finite().min(0, 'must be ≥ 0'),
  /** Department id of whoever set the target. */
  setBy: IdSchema.optional(),
  note: z.string().max(1000),
});
export type Kpi = z.infer<typeof KpiSchema>;

/** The whole process document, as stored in one workspace file. */
export const ProcessSchema = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  id: IdSchema,
  name: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
  description: z.string().max(4000, 'must be at most 4000 characters'),
  /** Incremented by one on every successful save; a save must name the revision it was based on. */
  revision: z.number().int().min(0),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  departments: z.array(DepartmentSchema),
  stages: z.array(StageSchema),
  transitions: z.array(TransitionSchema),
  scenario: ScenarioSchema,
  kpis: z.array(KpiSchema),
  /**
   * Review cadence: justifying a field sets its `reviewBy` this many months ahead. Absent means
   * `DEFAULT_REVIEW_EVERY_MONTHS` (documents migrated from version 2 get it written explicitly).
   */
  reviewEveryMonths: z.number().int('must be a whole number').min(1, 'must be ≥ 1').max(120, 'must be ≤ 120').optional(),
});
export type Process = z.infer<typeof ProcessSchema>;

/** A short description of a process for library listings. */
export const ProcessSummarySchema = z.object({
  id: IdSchema,
  name: z.string(),
  description: z.string(),
  revision: z.number().int(),
  updatedAt: z.string(),
  stageCount: z.number().int(),
  fieldCount: z.number().int(),
  requiredFieldCount: z.number().int(),
});
export type ProcessSummary = z.infer<typeof ProcessSummarySchema>;

/** Requirements that force the rep to fill the field (everything but `optional`). */
export function isMandatory(requirement: Requirement): boolean {
  return requirement !== 'optional';
}

/** Library listing facts for a process. */
export function summarize(process: Process): ProcessSummary {
  let fieldCount = 0;
  let requiredFieldCount = 0;
  for (const stage of process.stages) {
    fieldCount += stage.fields.length;
    for (const field of stage.fields) if (isMandatory(field.requirement)) requiredFieldCount++;
  }
  return {
    id: process.id,
    name: process.name,
    description: process.description,
    revision: process.revision,
    updatedAt: process.updatedAt,
    stageCount: process.stages.length,
    fieldCount,
    requiredFieldCount,
  };
}
