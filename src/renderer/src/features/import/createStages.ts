import { addStage, applyLayout, connect, disconnect, renameStage } from '../../../../shared/model/commands';
import type { Process } from '../../../../shared/model/schema';

/** A stage the import creates because the file names it and the process has none like it. */
export interface NewStage {
  id: string;
  name: string;
}

const STEP_X = 300;

/**
 * Adds the stages a CRM file names (a Salesforce Path, in its step order) to the process. In a
 * process that has no working stages yet (a new one: start, won, lost) they become its spine —
 * start → first → … → last, each taking every deal, and the last splits between the outcomes as
 * the start did (the empty process's own win assumption) — so the new process validates and
 * simulates at once; calibration from the stage history then replaces those placeholders with
 * observed shares. In a process with working stages they are added unconnected, for the user to
 * wire. `renames` gives existing stages the file's names (a new process's "Won" becomes the
 * CRM's "Closed Won", so its stage history matches later).
 */
export function addImportedStages(process: Process, stages: readonly NewStage[], renames: Readonly<Record<string, string>> = {}): Process {
  let renamed = process;
  for (const [stageId, name] of Object.entries(renames)) {
    if (renamed.stages.some((stage) => stage.id === stageId && stage.name !== name)) renamed = renameStage(renamed, stageId, name);
  }
  process = renamed;
  if (stages.length === 0) return process;
  const start = process.stages.find((stage) => stage.kind === 'start');
  const won = process.stages.find((stage) => stage.kind === 'won');
  const fresh = !process.stages.some((stage) => stage.kind === 'stage');
  const origin = start?.position ?? { x: 0, y: 0 };
  let doc = process;
  stages.forEach((stage, index) => {
    doc = addStage(doc, { id: stage.id, name: stage.name, position: { x: origin.x + STEP_X * (index + 1), y: origin.y } });
  });
  if (!fresh || !start || !won) return doc;

  const outcomes = doc.transitions.filter((item) => item.from === start.id);
  for (const transition of outcomes) doc = disconnect(doc, transition.id);
  const chain = [start.id, ...stages.map((stage) => stage.id)];
  const link = (from: string, to: string, probability: number): void => {
    doc = connect(doc, { id: `${from}-to-${to}`.slice(0, 64), from, to, probability, label: '' });
  };
  for (let index = 0; index + 1 < chain.length; index++) link(chain[index]!, chain[index + 1]!, 1);
  const last = chain[chain.length - 1]!;
  if (outcomes.length > 0) for (const outcome of outcomes) link(last, outcome.to, outcome.probability);
  else link(last, won.id, 1);
  // Outcomes move to the right of the new spine, won above and lost below it.
  const end = origin.x + STEP_X * (stages.length + 1);
  const positions: Record<string, { x: number; y: number }> = {};
  for (const stage of doc.stages) {
    if (stage.kind === 'won') positions[stage.id] = { x: end, y: origin.y - 120 };
    if (stage.kind === 'lost') positions[stage.id] = { x: end, y: origin.y + 120 };
  }
  return applyLayout(doc, positions);
}
