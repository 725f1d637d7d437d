import { probabilityPercent, shareFromPercent } from '../../../../shared/model/rules';
import { memo, useContext, useState } from 'react';
import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { ZoomedOutContext } from './zoom';
import { EdgeLabel } from './labelLayer';
import { bezierPoint, lanePath, selfLoopPath } from './routing';
import { setProbability } from '../../../../shared/model/commands';
import { useEditor } from '../../store/editorStore';
import type { TransitionEdge as TransitionEdgeType } from './adapters';
import { formatPercent } from '../../format';


/** A transition: its probability is a button; one click edits it in place. */
export const TransitionEdge = memo(function TransitionEdge(props: EdgeProps<TransitionEdgeType>) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  const editing = useEditor((state) => state.editingTransitionId === id);
  const setEditing = useEditor((state) => state.setEditingTransition);
  // Far out, probability labels are unreadable: show them only on the selected edge.
  const hideLabel = useContext(ZoomedOutContext) && !selected && !editing;
  let path: string;
  let labelX: number;
  let labelY: number;
  const route = data?.route ?? { kind: 'direct' as const };
  if (route.kind === 'lane') {
    ({ path, labelX, labelY } = lanePath(sourceX, sourceY, targetX, targetY, route.laneY));
  } else if (route.kind === 'self') {
    ({ path, labelX, labelY } = selfLoopPath(sourceX, sourceY, targetX, targetY, undefined));
  } else {
    [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
    if (data?.labelAt !== undefined) ({ x: labelX, y: labelY } = bezierPoint(sourceX, sourceY, targetX, targetY, data.labelAt));
  }
  // A direct edge spans only the gap between two cards: its label is the percentage alone, so it
  // never covers a handle; routed edges have room for their words.
  const short = route.kind === 'direct';
  const probability = data?.probability ?? 0;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={selected ? 'edge-selected' : undefined} />
      {!hideLabel && (
        <EdgeLabel>
          <div
            className="edge-label nodrag nopan"
            data-edge-id={id}
            data-edge-source={source}
            data-edge-target={target}
            style={{ transform: short ? `translate(-50%, -100%) translate(${labelX}px, ${labelY - 7}px)` : `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {editing ? (
              <ProbabilityInput transitionId={id} probability={probability} onDone={() => setEditing(null)} />
            ) : (
              <button
                type="button"
                className="edge-probability"
                onClick={() => setEditing(id)}
                title={data?.label ? `${data.label} — click to change the probability` : 'Click to change the probability'}
                aria-label={`Probability ${formatPercent(probability)}${data?.label ? `, ${data.label}` : ''}; edit`}
              >
                {formatPercent(probability)}
                {data?.label && !short ? <span className="edge-text"> {data.label}</span> : null}
              </button>
            )}
          </div>
        </EdgeLabel>
      )}
    </>
  );
});

function ProbabilityInput({
  transitionId,
  probability,
  onDone,
}: {
  transitionId: string;
  probability: number;
  onDone: () => void;
}): React.JSX.Element {
  const [draft, setDraft] = useState(String(probabilityPercent(probability)));
  const [error, setError] = useState<string | null>(null);
  const apply = useEditor((state) => state.apply);
  const commit = (): void => {
    const value = Number(draft.replace(',', '.').replace('%', '').trim());
    if (!Number.isFinite(value) || value < 0 || value > 100 || draft.trim() === '') {
      setError('Enter a percentage from 0 to 100');
      return;
    }
    apply((doc) => setProbability(doc, transitionId, shareFromPercent(value)), { capture: 'record' });
    onDone();
  };
  return (
    <span className="probability-editor">
      <input
        aria-label="Probability in percent"
        aria-invalid={error ? true : undefined}
        autoFocus
        inputMode="decimal"
        value={draft}
        onFocus={(event) => event.target.select()}
        onChange={(event) => {
          setDraft(event.target.value);
          setError(null);
        }}
        onBlur={onDone}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') onDone();
        }}
      />
      %{error && <span className="edge-error" role="alert">{error}</span>}
    </span>
  );
}
