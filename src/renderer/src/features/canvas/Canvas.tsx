import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background,
  ControlButton,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnNodeDrag,
  type SelectionDragHandler,
} from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { applyLayout, connect } from '../../../../shared/model/commands';
import type { Process } from '../../../../shared/model/schema';
import { useEditor } from '../../store/editorStore';
import { newId } from '../../ids';
import { toFlowEdges, toFlowNodes, draggedPositions, markMovingEdges, routingSizes, sameSizes, type CardSizes, type StageNode as StageNodeType, type TransitionEdge as TransitionEdgeType } from './adapters';
import { StageNode } from './StageNode';
import { TransitionEdge } from './TransitionEdge';
import { addStageAt } from './actions';
import { zoomToSelection } from './zoomToSelection';
import { applySelectChanges } from './selection';
import { LARGE_GRAPH, MINIMAP_SIZE, MIN_ZOOM, ZoomedOutContext, fitViewOptions, fitWillBeZoomedOut, isZoomedOut, minimapVisible } from './zoom';
import { HeatLegend } from './HeatLegend';
import { LabelLayerContext } from './labelLayer';
import { useStageFlows } from '../burden/useStageFlows';
import { useReviewCounts } from '../review/useReviewCounts';

const nodeTypes = { stage: StageNode };
const edgeTypes = { transition: TransitionEdge };
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };
const proOptions = { hideAttribution: true };

interface CanvasProps {
  /** Per-stage admin minutes per opportunity for the heat view, or null when it is off. */
  heatByStage: ReadonlyMap<string, number> | null;
  /** What `heatByStage` holds: admin minutes (scaled to the busiest stage) or drop-vote shares (0..1). */
  heatKind?: 'minutes' | 'votes';
  /** The room's votes can be shown (a live workshop, votes visible): the legend offers the switch. */
  votesAvailable?: boolean;
  /** Hidden while another view (the field register) takes the main area. */
  hidden?: boolean;
}

/** The stage graph. The document is the source of truth; nodes/edges are derived each change. */
export function Canvas({ heatByStage, heatKind = 'minutes', votesAvailable = false, hidden = false }: CanvasProps): React.JSX.Element {
  const doc = useEditor((state) => state.doc);
  const { apply, setSelection, setRenamingStage, selectStage } = useEditor(
    useShallow((state) => ({
      apply: state.apply,
      setSelection: state.setSelection,
      setRenamingStage: state.setRenamingStage,
      selectStage: state.selectStage,
    })),
  );
  const selectedStageIds = useEditor((state) => state.selection.stageIds);
  const minimapShown = useEditor((state) => state.minimapShown);
  // In a live workshop the room looks and selects; only the facilitator moves or connects stages.
  const locked = useEditor((state) => state.editLock !== null);
  const showMinimap = minimapVisible({ minimapShown, doc });
  const panelButton = useEditor((state) => !state.sidePanelOpen);
  const fitOptions = useMemo(() => fitViewOptions({ minimap: showMinimap, panelButton }), [showMinimap, panelButton]);
  const toggleMinimap = useEditor((state) => state.toggleMinimap);
  const [nodes, setNodes] = useState<StageNodeType[]>([]);
  const [edges, setEdges] = useState<TransitionEdgeType[]>([]);
  const flow = useReactFlow();
  const wrapper = useRef<HTMLDivElement>(null);
  const [labelLayer, setLabelLayer] = useState<HTMLElement | null>(null);
  useEffect(() => {
    setLabelLayer(wrapper.current?.querySelector<HTMLElement>('.react-flow__edgelabel-renderer') ?? null);
  }, []);

  const flows = useStageFlows();
  const { challenges, commentsByStage } = useReviewCounts();
  useEffect(() => {
    if (!doc) return;
    const heatScale = heatKind === 'votes' ? { heatMax: 1, heatLabel: 'drop votes' } : {};
    setNodes((previous) => toFlowNodes(doc, previous, { heatByStage, ...heatScale, flows, challenges, commentsByStage }));
  }, [doc, heatByStage, heatKind, flows, challenges, commentsByStage]);
  // Edges route around the cards' measured boxes; a drag changes positions, not sizes, so this
  // runs on edits and on re-measuring only.
  const sizeKey = nodes.map((node) => `${node.measured?.width ?? 0}x${node.measured?.height ?? 0}`).join('|');
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;

  // Edges touching a dragged node are marked for the whole drag (their own layer, styles.css):
  // set once when the drag starts and cleared when it ends, not on every step.
  const draggingKey = nodes
    .filter((node) => node.dragging)
    .map((node) => node.id)
    .join(' ');
  useEffect(() => {
    const dragging = new Set(draggingKey ? draggingKey.split(' ') : []);
    setEdges((previous) => markMovingEdges(previous, dragging));
  }, [draggingKey]);
  // Before the first fit view, draw cards as that view will show them (see fitWillBeZoomedOut).
  const firstFitPending = useStore((state) => state.fitViewQueued && !state.nodesInitialized);
  const viewWidth = useStore((state) => state.width);
  const viewHeight = useStore((state) => state.height);
  const firstFitZoomedOut = useMemo(
    () => firstFitPending && doc !== null && fitWillBeZoomedOut(doc.stages, viewWidth, viewHeight, fitOptions),
    [firstFitPending, doc, viewWidth, viewHeight, fitOptions],
  );
  const zoomedOut = useStore(isZoomedOut) || firstFitZoomedOut;

  // Edges are routed around the boxes `routingSizes` gives (a click on a zoomed-out card does not
  // move them), and again only when the document or one of those boxes changed.
  const routed = useRef<{ doc: Process | null; sizes: CardSizes }>({ doc: null, sizes: new Map() });
  useEffect(() => {
    if (!doc) return;
    const sizes = routingSizes(nodesRef.current, routed.current.sizes, zoomedOut);
    if (!sizes && doc.stages.length > 0) return;
    const next = sizes ?? new Map();
    if (routed.current.doc === doc && sameSizes(routed.current.sizes, next)) return;
    routed.current = { doc, sizes: next };
    setEdges((previous) => toFlowEdges(doc, previous, next));
  }, [doc, sizeKey, zoomedOut]);

  // Selection made outside the canvas (inspector, problems list, new stage) shows on the canvas.
  useEffect(() => {
    const wanted = new Set(selectedStageIds);
    setNodes((previous) => {
      let changed = false;
      const next = previous.map((node) => {
        const selected = wanted.has(node.id);
        if (Boolean(node.selected) === selected) return node;
        changed = true;
        return { ...node, selected };
      });
      return changed ? next : previous;
    });
  }, [selectedStageIds]);

  // Likewise for transitions: Esc or a selection made elsewhere must clear React Flow's own flag,
  // or Delete would act on an edge the store no longer counts as selected.
  const selectedTransitionIds = useEditor((state) => state.selection.transitionIds);
  useEffect(() => {
    const wanted = new Set(selectedTransitionIds);
    setEdges((previous) => {
      let changed = false;
      const next = previous.map((edge) => {
        const selected = wanted.has(edge.id);
        if (Boolean(edge.selected) === selected) return edge;
        changed = true;
        return { ...edge, selected };
      });
      return changed ? next : previous;
    });
  }, [selectedTransitionIds]);

  // The user's selection changes go to the store, which hands them back as props (see selection.ts).
  const onNodesChange = useCallback(
    (changes: NodeChange<StageNodeType>[]) => {
      setNodes((current) => applyNodeChanges(changes, current));
      const current = useEditor.getState().selection.stageIds;
      const stageIds = applySelectChanges(current, changes.filter((change) => change.type === 'select'));
      if (stageIds !== current) setSelection({ stageIds });
    },
    [setSelection],
  );

  // One undo step per drag, written once when it ends (never inside a setNodes updater, which
  // StrictMode runs twice).
  const commitDrag = useCallback(
    (dragged: StageNodeType[]) => {
      if (dragged.length === 0) return;
      const positions = draggedPositions(
        dragged,
        dragged.map((node) => node.id),
      );
      apply((doc) => applyLayout(doc, positions), { capture: 'record' });
    },
    [apply],
  );
  const onNodeDragStop: OnNodeDrag<StageNodeType> = useCallback((_, __, dragged) => commitDrag(dragged), [commitDrag]);
  const onSelectionDragStop: SelectionDragHandler<StageNodeType> = useCallback((_, dragged) => commitDrag(dragged), [commitDrag]);

  // Stable, like every handler passed to React Flow: a new function each render changes a prop of
  // every node wrapper, and a drag re-renders the canvas on every step (bench/canvas.ts).
  const onNodeDoubleClick = useCallback(
    (_: React.MouseEvent, node: StageNodeType) => {
      if (!locked) setRenamingStage(node.id);
    },
    [locked, setRenamingStage],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<TransitionEdgeType>[]) => {
      const selects = changes.filter((change) => change.type === 'select');
      setEdges((current) => applyEdgeChanges(selects, current));
      const current = useEditor.getState().selection.transitionIds;
      const transitionIds = applySelectChanges(current, selects);
      if (transitionIds !== current) setSelection({ transitionIds });
    },
    [setSelection],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      if (!connection.source || !connection.target) return;
      // `connect` gives the new exit what is left of 100 %, rounded by the shared probability rule.
      apply((doc) => connect(doc, { id: newId('t'), from: connection.source, to: connection.target, label: '' }), { capture: 'record' });
    },
    [apply],
  );

  const onDoubleClick = useCallback(
    (event: React.MouseEvent) => {
      const target = event.target as HTMLElement;
      if (!target.classList.contains('react-flow__pane') || useEditor.getState().editLock) return;
      const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const id = addStageAt(apply, { x: position.x - 90, y: position.y - 40 });
      if (id) {
        selectStage(id);
        setRenamingStage(id);
      }
    },
    [apply, flow, selectStage, setRenamingStage],
  );

  // A fresh process (start, won, lost and nothing else) gets first-use hints.
  const isEmpty = useMemo(
    () => (doc ? doc.stages.length <= 3 && doc.stages.every((stage) => stage.fields.length === 0) : false),
    [doc],
  );

  return (
    <div className="canvas" ref={wrapper} onDoubleClick={onDoubleClick} data-testid="canvas" hidden={hidden}>
      <LabelLayerContext.Provider value={labelLayer}>
      <ZoomedOutContext.Provider value={zoomedOut}>
      <ReactFlow<StageNodeType, TransitionEdgeType>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={onNodesChange}
        onNodeDragStop={onNodeDragStop}
        onSelectionDragStop={onSelectionDragStop}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeDoubleClick={onNodeDoubleClick}
        nodesDraggable={!locked}
        nodesConnectable={!locked}
        deleteKeyCode={null}
        zoomOnDoubleClick={false}
        fitView
        fitViewOptions={fitOptions}
        minZoom={MIN_ZOOM}
        proOptions={proOptions}
        onlyRenderVisibleElements={nodes.length > LARGE_GRAPH}
        aria-label="Stage graph"
      >
        <Background gap={24} />
        {showMinimap && (
          <MiniMap pannable zoomable className="small-minimap" style={MINIMAP_SIZE} ariaLabel="Overview of the stage graph" />
        )}
        <Controls aria-label="Zoom controls" fitViewOptions={fitOptions}>
          <ControlButton onClick={() => zoomToSelection(flow)} title="Zoom to the selection (Shift+2)" aria-label="Zoom to the selection">
            ⤢
          </ControlButton>
          <ControlButton
            onClick={toggleMinimap}
            title={minimapShown ? 'Hide the overview map (M)' : 'Show the overview map (M)'}
            aria-label={minimapShown ? 'Hide the overview map' : 'Show the overview map'}
            aria-pressed={minimapShown}
          >
            ▣
          </ControlButton>
        </Controls>
      </ReactFlow>
      </ZoomedOutContext.Provider>
      </LabelLayerContext.Provider>
      {heatByStage && <HeatLegend heatByStage={heatByStage} kind={heatKind} votesAvailable={votesAvailable} />}
      {isEmpty && !locked && (
        <div className="canvas-hint" role="note">
          <strong>Map the process together.</strong> Double-click the canvas (or press <kbd>N</kbd>) to add a stage,
          drag from a stage’s right edge to another stage to connect them, and click a stage to add the fields reps
          must fill there — with the reason each one exists.
        </div>
      )}
    </div>
  );
}
