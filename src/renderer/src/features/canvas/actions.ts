import type { Position, Process, Stage, Transition } from '../../../../shared/model/schema';
import { addStage, deleteStage, disconnect, pasteStages } from '../../../../shared/model/commands';
import type { EditorState } from '../../store/editorStore';
import { newId } from '../../ids';

type Apply = EditorState['apply'];

/** Adds a working stage at a canvas position; returns its id, or null when refused. */
export function addStageAt(apply: Apply, position: Position): string | null {
  const id = newId('s');
  const ok = apply((doc) => addStage(doc, { id, name: nextStageName(doc), position: roundPosition(position) }));
  return ok ? id : null;
}

/** Where a stage added from the toolbar or keyboard goes: right of the selection, or of everything. */
export function nextFreePosition(doc: Process, selectedIds: readonly string[]): Position {
  const anchor = doc.stages.find((stage) => stage.id === selectedIds[0]);
  if (anchor) return { x: anchor.position.x + 260, y: anchor.position.y + 40 };
  if (doc.stages.length === 0) return { x: 0, y: 0 };
  const maxX = Math.max(...doc.stages.map((stage) => stage.position.x));
  const minY = Math.min(...doc.stages.map((stage) => stage.position.y));
  return { x: maxX + 260, y: minY };
}

function nextStageName(doc: Process): string {
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
  });
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
  const idMap: Record<string, string> = {};
  for (const stage of stages) {
    idMap[stage.id] = newId('s');
    for (const field of stage.fields) idMap[field.id] = newId('f');
  }
  for (const transition of transitions) idMap[transition.id] = newId('t');
  const ok = apply((doc) => pasteStages(doc, stages, transitions, idMap, { x: 40, y: 40 }));
  return ok ? stages.map((stage) => idMap[stage.id] as string) : [];
}

/** Whether anything is on the clipboard. */
export function hasClipboard(): boolean {
  return clipboard !== null;
}
