import { applyPatch, check, CommandError, sameValues } from './commandSupport';
import { DEFAULT_DEPARTMENTS, DEFAULT_SCENARIO } from './defaults';
import { CURRENT_SCHEMA_VERSION, DEFAULT_REVIEW_EVERY_MONTHS, ScenarioSchema, type Process, type Scenario } from './schema';
import { newStage } from './stageCommands';

/** Pure commands on the process as a whole: a new process, its details, its scenario. */

/** What `emptyProcess` needs: the id, the name, and the creation time (ISO timestamp). */
export interface EmptyProcessInit {
  id: string;
  name: string;
  /** ISO 8601 timestamp with offset; becomes `createdAt` and `updatedAt`. */
  now: string;
  description?: string;
}

/**
 * A new process that already validates without errors: a start stage "New lead" leading to
 * "Won" (25 %) and "Lost" (75 %), the default departments and scenario, no KPIs, revision 0.
 * Stage ids: `new-lead`, `won`, `lost`; transition ids `new-lead-won`, `new-lead-lost`.
 */
export function emptyProcess(init: EmptyProcessInit): Process {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    id: init.id,
    name: init.name,
    description: init.description ?? '',
    revision: 0,
    createdAt: init.now,
    updatedAt: init.now,
    departments: DEFAULT_DEPARTMENTS.map((department) => ({ ...department })),
    stages: [
      newStage({ id: 'new-lead', name: 'New lead', kind: 'start', position: { x: 0, y: 0 }, expectedDays: 7 }),
      newStage({ id: 'won', name: 'Won', kind: 'won', position: { x: 320, y: -100 } }),
      newStage({ id: 'lost', name: 'Lost', kind: 'lost', position: { x: 320, y: 100 } }),
    ],
    transitions: [
      { id: 'new-lead-won', from: 'new-lead', to: 'won', probability: 0.25, label: '' },
      { id: 'new-lead-lost', from: 'new-lead', to: 'lost', probability: 0.75, label: '' },
    ],
    scenario: { ...DEFAULT_SCENARIO },
    kpis: [],
    reviewEveryMonths: DEFAULT_REVIEW_EVERY_MONTHS,
  };
}
/** Changes the process name (trimmed) or description. */
export function updateDetails(doc: Process, patch: Partial<Pick<Process, 'name' | 'description'>>): Process {
  const allowed: Partial<Pick<Process, 'name' | 'description'>> = {};
  if (patch.name !== undefined) allowed.name = patch.name.trim();
  if (patch.description !== undefined) allowed.description = patch.description;
  if (sameValues(doc, allowed)) return doc;
  const next = applyPatch(doc, allowed);
  if (next.name.length === 0 || next.name.length > 120) {
    throw new CommandError('invalid', 'The process name must be 1 to 120 characters');
  }
  if (next.description.length > 4000) throw new CommandError('invalid', 'The description must be at most 4000 characters');
  return next;
}

/** Changes the simulation scenario (reps, opportunities per month, hourly cost…). */
export function updateScenario(doc: Process, patch: Partial<Scenario>): Process {
  if (sameValues(doc.scenario, patch)) return doc;
  const scenario = applyPatch(doc.scenario, patch);
  check(ScenarioSchema, scenario, 'Scenario');
  return { ...doc, scenario };
}

