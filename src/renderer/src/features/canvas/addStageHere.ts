import type { ReactFlowInstance } from '@xyflow/react';
import type { Position, Process, Stage } from '../../../../shared/model/schema';
import { addStage, connect } from '../../../../shared/model/commands';
import { isTerminal, roundProbability } from '../../../../shared/model/rules';
import { useEditor } from '../../store/editorStore';
import { newId } from '../../ids';
import { nextFreePosition, nextStageName } from './actions';
import { DEFAULT_CARD } from './adapters';
import { MINIMAP_CORNER } from './zoom';

/** Horizontal distance between columns of the flow, flow px (card width + a label's gap). */
export const COLUMN_STEP = 270;

/** What is left of 100 % on a stage's exits (never below 0), on the probability step. */
export function leftoverShare(doc: Process, stageId: string): number {
  const used = doc.transitions.filter((t) => t.from === stageId).reduce((sum, t) => sum + t.probability, 0);
  return Math.max(0, roundProbability(1 - used));
}

/**
 * Where a stage added during a workshop goes: the column right of the selected stage, or the
 * right end of the working flow when nothing (or an outcome) is selected; nudged until it covers
 * no other stage.
 */
export function placementFor(doc: Process, selected: Stage | undefined): Position {
  const anchor =
    selected && !isTerminal(selected)
      ? selected
      : doc.stages.filter((stage) => !isTerminal(stage)).reduce<Stage | undefined>((right, stage) => (!right || stage.position.x > right.position.x ? stage : right), undefined);
  if (!anchor) return { x: 0, y: 0 };
  return nextFreePosition(doc, {
    x: anchor.position.x + COLUMN_STEP + DEFAULT_CARD.width / 2,
    y: anchor.position.y + DEFAULT_CARD.height / 2,
  });
}

/**
 * Toolbar button and `N`: add a stage next to the selected stage and connect it from there with
 * the probability its exits have left; when they have none left, say how to make room instead of
 * adding a stage nothing can reach. Then select it, start renaming, and bring it into view.
 */
export function addStageHere(flow: Pick<ReactFlowInstance, 'screenToFlowPosition' | 'flowToScreenPosition' | 'setCenter' | 'getZoom'>): void {
  const state = useEditor.getState();
  const doc = state.doc;
  if (!doc) return;
  const selectedId = state.selection.stageIds.length === 1 ? state.selection.stageIds[0] : undefined;
  const selected = doc.stages.find((stage) => stage.id === selectedId);
  const from = selected && !isTerminal(selected) ? selected : undefined;
  if (from && doc.transitions.some((t) => t.from === from.id) && leftoverShare(doc, from.id) <= 0) {
    state.notify(
      `“${from.name}” already sends 100% of its deals somewhere. Lower one of its exits first (click its percentage), then add the stage — it takes what is left.`,
      'error',
    );
    return;
  }
  const position = placementFor(doc, selected);
  const id = newId('s');
  const ok = state.apply((current) => {
    const added = addStage(current, { id, name: nextStageName(current), position });
    return from ? connect(added, { id: newId('t'), from: from.id, to: id }) : added;
  }, { capture: 'record' });
  if (!ok) return;
  state.selectStage(id);
  state.setRenamingStage(id);
  bringIntoView(flow, position);
}

/** Pans (keeping the zoom) when the new card would be off screen or under the minimap. */
function bringIntoView(flow: Pick<ReactFlowInstance, 'flowToScreenPosition' | 'setCenter' | 'getZoom'>, position: Position): void {
  const rect = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
  if (!rect) return;
  const topLeft = flow.flowToScreenPosition(position);
  const bottomRight = flow.flowToScreenPosition({ x: position.x + DEFAULT_CARD.width, y: position.y + DEFAULT_CARD.height });
  const inside = topLeft.x >= rect.left && topLeft.y >= rect.top && bottomRight.x <= rect.right && bottomRight.y <= rect.bottom;
  const underMinimap = bottomRight.x > rect.right - MINIMAP_CORNER.width && bottomRight.y > rect.bottom - MINIMAP_CORNER.height;
  if (inside && !underMinimap) return;
  void flow.setCenter(position.x + DEFAULT_CARD.width / 2, position.y + DEFAULT_CARD.height / 2, { zoom: flow.getZoom(), duration: 200 });
}
