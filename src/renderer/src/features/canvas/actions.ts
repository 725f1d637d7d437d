import type { Position, Process, Stage, Transition } from '../../../../shared/model/schema';
import { addStage, deleteStage, disconnect, pasteIdsNeeded, pasteStages } from '../../../../shared/model/commands';
import type { EditorState } from '../../store/editorStore';
import { newId } from '../../ids';

type Apply = EditorState['apply'];

/** Adds a working stage at a canvas position; returns its id, or null when refused. */
export function addStageAt(apply: Apply, position: Position): string | null {
  const id = newId('s');
  const ok = apply((doc) => addStage(doc, { id, name: nextStageName(doc), position: roundPosition(position) }), { capture: 'record' });
  return ok ? id : null;
}

/**
 * Where a stage added from the toolbar or keyboard goes: the middle of what the canvas shows now
 * (`viewCenter`, in flow coordinates), nudged down-right until it covers no other stage, so the
 * room sees the new stage appear where everyone is looking.
 */
export function nextFreePosition(doc: Process, viewCenter: Position): Position {
  const NODE = { width: 220, height: 170 };
  const GAP = 40;
  const start = { x: Math.round(viewCenter.x - NODE.width / 2), y: Math.round(viewCenter.y - NODE.height / 2) };
  const overlaps = (position: Position): boolean =>
    doc.stages.some(
      (stage) =>
        Math.abs(stage.position.x - position.x) < NODE.width + GAP && Math.abs(stage.position.y - position.y) < NODE.height + GAP,
    );
  // Look for a free spot on rings around the centre: below, above, right, left, then further out.
  for (let ring = 0; ring < 12; ring++) {
    const step = { x: (NODE.width + GAP) * ring, y: (NODE.height + GAP) * ring };
    const candidates =
      ring === 0
        ? [start]
        : [
            { x: start.x, y: start.y + step.y },
            { x: start.x, y: start.y - step.y },
            { x: start.x + step.x, y: start.y },
            { x: start.x - step.x, y: start.y },
            { x: start.x + step.x, y: start.y + step.y },
            { x: start.x - step.x, y: start.y + step.y },
          ];
    const free = candidates.find((candidate) => !overlaps(candidate));
    if (free) return free;
  }
  return start;
}

/** "New stage N" with the first N not taken. */
export function nextStageName(doc: Process): string {
  const names = new Set(doc.stages.map((stage) => stage.name));
  for (let n = 1; ; n++) if (!names.has(`New stage ${n}`)) return `New stage ${n}`;
}

function roundPosition(position: Position): Position {
  return { x: Math.round(position.x), y: Math.round(position.y) };
}

/** Removes stages (with their fields and transitions) and transitions in one undo step. */
export function deleteSelection(apply: Apply, stageIds: readonly string[], transitionIds: readonly string[]): boolean {
  return apply((doc) => {
    let next = doc;
    for (const id of transitionIds) {
      if (next.transitions.some((transition) => transition.id === id)) next = disconnect(next, id);
    }
    for (const id of stageIds) {
      if (next.stages.some((stage) => stage.id === id)) next = deleteStage(next, id);
    }
    return next;
  }, { capture: 'record' });
}

/** What Ctrl+C keeps: the selected stages and the transitions between them. */
export interface StageClipboard {
  stages: Stage[];
  transitions: Transition[];
}

let clipboard: StageClipboard | null = null;

/** Copies the selected stages; returns how many. */
export function copyStages(doc: Process, stageIds: readonly string[]): number {
  const wanted = new Set(stageIds);
  const stages = doc.stages.filter((stage) => wanted.has(stage.id));
  if (stages.length === 0) return 0;
  clipboard = {
    stages,
    transitions: doc.transitions.filter((transition) => wanted.has(transition.from) && wanted.has(transition.to)),
  };
  return stages.length;
}

/** Pastes the copied stages with fresh ids, offset so they do not cover the originals; returns the new stage ids. */
export function pasteClipboard(apply: Apply): string[] {
  if (!clipboard) return [];
  const { stages, transitions } = clipboard;
  const needed = pasteIdsNeeded(stages, transitions);
  const idMap: Record<string, string> = {};
  for (const id of needed.stages) idMap[id] = newId('s');
  for (const id of needed.fields) idMap[id] = newId('f');
  for (const id of needed.transitions) idMap[id] = newId('t');
  const ok = apply((doc) => pasteStages(doc, stages, transitions, idMap, { x: 40, y: 40 }), { capture: 'record' });
  return ok ? stages.map((stage) => idMap[stage.id] as string) : [];
}
