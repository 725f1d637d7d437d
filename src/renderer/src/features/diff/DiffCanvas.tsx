import { memo, useMemo } from 'react';
import {
  Background,
  BaseEdge,
  Controls,
  EdgeLabelRenderer,
  getBezierPath,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  ReactFlowProvider,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import type { Process } from '../../../../shared/model/schema';
import { formatPercent } from '../../format';
import { MARK_LABEL, type CanvasDiff, type DiffMark, type StageFieldChanges } from './canvasDiff';

interface DiffNodeData extends Record<string, unknown> {
  name: string;
  mark: DiffMark | null;
  fields: StageFieldChanges | null;
  fieldCount: number;
}
type DiffNode = Node<DiffNodeData, 'diffStage'>;

interface DiffEdgeData extends Record<string, unknown> {
  mark: DiffMark | null;
  label: string;
}
type DiffEdge = Edge<DiffEdgeData, 'diffTransition'>;

/** Most field names listed on a card; the rest are counted. */
const LISTED_FIELDS = 4;

const DiffStageNode = memo(function DiffStageNode({ data }: NodeProps<DiffNode>) {
  const mark = data.mark;
  const changes = data.fields;
  const lines: Array<{ kind: keyof StageFieldChanges; label: string }> = changes
    ? [
        ...changes.removed.map((label) => ({ kind: 'removed' as const, label })),
        ...changes.added.map((label) => ({ kind: 'added' as const, label })),
        ...changes.changed.map((label) => ({ kind: 'changed' as const, label })),
      ]
    : [];
  return (
    <div
      className={`diff-node${mark ? ` diff-${mark}` : ''}${lines.length > 0 && !mark ? ' diff-fields-changed' : ''}`}
      data-testid="diff-node"
      data-stage-name={data.name}
      data-diff={mark ?? (lines.length > 0 ? 'fields' : 'same')}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="diff-node-title">
        {mark && (
          <span className={`diff-badge diff-badge-${mark}`} aria-label={MARK_LABEL[mark].word}>
            {MARK_LABEL[mark].symbol} {MARK_LABEL[mark].word}
          </span>
        )}
        <span className="diff-node-name">{data.name}</span>
      </div>
      <div className="muted small">{data.fieldCount} fields</div>
      {lines.length > 0 && (
        <ul className="diff-field-lines">
          {lines.slice(0, LISTED_FIELDS).map((line) => (
            <li key={`${line.kind}:${line.label}`} className={`diff-line diff-line-${line.kind}`}>
              <span aria-hidden="true">{MARK_LABEL[line.kind].symbol}</span> {line.label}
              <span className="sr-only"> ({MARK_LABEL[line.kind].word})</span>
            </li>
          ))}
          {lines.length > LISTED_FIELDS && <li className="muted">… and {lines.length - LISTED_FIELDS} more</li>}
        </ul>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

const DiffTransitionEdge = memo(function DiffTransitionEdge(props: EdgeProps<DiffEdge>) {
  const [path, labelX, labelY] = getBezierPath(props);
  const mark = props.data?.mark ?? null;
  return (
    <>
      <BaseEdge id={props.id} path={path} markerEnd={props.markerEnd} className={mark ? `diff-edge diff-edge-${mark}` : 'diff-edge'} />
      {props.data?.label && (
        <EdgeLabelRenderer>
          <div
            className={`diff-edge-label${mark ? ` diff-edge-label-${mark}` : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {mark && <span aria-hidden="true">{MARK_LABEL[mark].symbol} </span>}
            {props.data.label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});

const nodeTypes = { diffStage: DiffStageNode };
const edgeTypes = { diffTransition: DiffTransitionEdge };
const proOptions = { hideAttribution: true };
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 } };

interface DiffCanvasProps {
  before: Process;
  after: Process;
  diff: CanvasDiff;
  /** Accessible name, e.g. "Changes proposed by …". */
  label: string;
}

/**
 * The stage graph of `after` with the diff drawn on it: added stages with a solid double border
 * and "+", changed ones with a striped border and "~", moved ones dotted with "↔", and removed
 * stages and transitions from `before` as hatched, dashed ghosts with "−". Read-only.
 */
export function DiffCanvas({ before, after, diff, label }: DiffCanvasProps): React.JSX.Element {
  const { nodes, edges } = useMemo(() => buildGraph(before, after, diff), [before, after, diff]);
  // Open on the stages that changed (the rest is a zoom-out away): in a wide process they would
  // otherwise be drawn too small to read.
  const fitViewOptions = useMemo(() => {
    const changed = nodes.filter((node) => node.data.mark !== null || node.data.fields !== null).map((node) => ({ id: node.id }));
    return { padding: 0.15, maxZoom: 1, ...(changed.length > 0 ? { nodes: changed } : {}) };
  }, [nodes]);
  return (
    <div className="diff-canvas" data-testid="diff-canvas">
      <ReactFlowProvider>
        <ReactFlow<DiffNode, DiffEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          defaultEdgeOptions={defaultEdgeOptions}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          deleteKeyCode={null}
          fitView
          fitViewOptions={fitViewOptions}
          minZoom={0.05}
          proOptions={proOptions}
          aria-label={label}
        >
          <Background gap={24} />
          <Controls showInteractive={false} aria-label="Zoom controls" />
        </ReactFlow>
      </ReactFlowProvider>
      <DiffLegend />
    </div>
  );
}

/** The key to the marks, always visible on the diff canvas. */
function DiffLegend(): React.JSX.Element {
  return (
    <ul className="diff-legend" aria-label="Legend">
      {(['added', 'removed', 'changed', 'moved'] as const).map((mark) => (
        <li key={mark}>
          <span className={`diff-swatch diff-${mark}`} aria-hidden="true">
            {MARK_LABEL[mark].symbol}
          </span>
          {MARK_LABEL[mark].word}
        </li>
      ))}
    </ul>
  );
}

function buildGraph(before: Process, after: Process, diff: CanvasDiff): { nodes: DiffNode[]; edges: DiffEdge[] } {
  const nodes: DiffNode[] = after.stages.map((stage) => ({
    id: stage.id,
    type: 'diffStage',
    position: stage.position,
    data: {
      name: stage.name,
      mark: diff.stages.get(stage.id) ?? null,
      fields: diff.fields.get(stage.id) ?? null,
      fieldCount: stage.fields.filter((field) => field.status !== 'retired').length,
    },
    ariaLabel: `Stage ${stage.name}`,
  }));
  const present = new Set(after.stages.map((stage) => stage.id));
  for (const stage of before.stages) {
    if (present.has(stage.id)) continue;
    nodes.push({
      id: stage.id,
      type: 'diffStage',
      position: stage.position,
      data: { name: stage.name, mark: 'removed', fields: diff.fields.get(stage.id) ?? null, fieldCount: stage.fields.length },
      ariaLabel: `Removed stage ${stage.name}`,
    });
  }
  const edgeOf = (transition: Process['transitions'][number], mark: DiffMark | null, beforeProbability?: number): DiffEdge => ({
    id: transition.id,
    type: 'diffTransition',
    source: transition.from,
    target: transition.to,
    data: {
      mark,
      label:
        beforeProbability !== undefined && beforeProbability !== transition.probability
          ? `${formatPercent(beforeProbability)} → ${formatPercent(transition.probability)}`
          : formatPercent(transition.probability),
    },
  });
  const beforeTransitions = new Map(before.transitions.map((transition) => [transition.id, transition]));
  const edges: DiffEdge[] = after.transitions.map((transition) =>
    edgeOf(transition, diff.transitions.get(transition.id) ?? null, beforeTransitions.get(transition.id)?.probability),
  );
  const kept = new Set(after.transitions.map((transition) => transition.id));
  for (const transition of before.transitions) if (!kept.has(transition.id)) edges.push(edgeOf(transition, 'removed'));
  return { nodes, edges };
}
