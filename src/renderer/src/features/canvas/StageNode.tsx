import { memo, useEffect, useRef, useState } from 'react';
import { Handle, Position, useStore, type NodeProps } from '@xyflow/react';
import { isZoomedOut } from './zoom';
import { renameStage, spreadRemainingProbability } from '../../../../shared/model/commands';
import { useEditor } from '../../store/editorStore';
import type { StageNode as StageNodeType } from './adapters';
import { formatMinutes, formatPercent } from '../../format';

const KIND_LABEL = { start: 'Start', stage: null, won: 'Won', lost: 'Lost' } as const;

/** One stage on the canvas: name, required fields, admin minutes, who asked, and what is wrong. */
export const StageNode = memo(function StageNode({ id, data, selected }: NodeProps<StageNodeType>) {
  const renaming = useEditor((state) => state.renamingStageId === id);
  // Far out, the details are unreadable: draw the name and the warning colour only.
  const compact = useStore(isZoomedOut) && !selected && !renaming;
  const terminal = data.kind === 'won' || data.kind === 'lost';
  const heatStyle =
    data.heat !== null ? { background: `color-mix(in srgb, #d9480f ${Math.round(data.heat * 75)}%, #ffffff)` } : undefined;
  return (
    <div
      className={`stage-node kind-${data.kind}${selected ? ' selected' : ''}${data.heat !== null ? ' heat' : ''}${compact ? ' compact' : ''}${compact && (data.concernCount > 0 || data.exitSumOff) ? ' flagged' : ''}`}
      style={heatStyle}
      data-testid="stage-node"
      data-stage-name={data.name}
    >
      {data.kind !== 'start' && <Handle type="target" position={Position.Left} />}
      <div className="stage-title">
        {KIND_LABEL[data.kind] && <span className={`kind-badge kind-badge-${data.kind}`}>{KIND_LABEL[data.kind]}</span>}
        {renaming ? <RenameInput stageId={id} name={data.name} /> : <span className="stage-name">{data.name}</span>}
      </div>
      {!terminal && !compact && (
        <>
          <div className="stage-stats">
            <span title="Fields a rep cannot skip here">
              <strong>{data.requiredCount}</strong> required
            </span>
            <span
              className={data.overBudget ? 'over-budget' : undefined}
              title={
                data.budget !== null
                  ? `Admin time per visit; agreed budget ${formatMinutes(data.budget)}`
                  : 'Admin time one visit costs a rep (all active fields)'
              }
            >
              <strong>{formatMinutes(data.adminMinutes)}</strong> admin/visit
            </span>
          </div>
          {data.chips.length > 0 && (
            <div className="chips" aria-label="Requested by">
              {data.chips.map((chip) => (
                <span key={chip.id} className="chip" style={{ borderColor: chip.color, color: chip.color }} title={`Fields requested by ${chip.name}`}>
                  {chip.name}
                </span>
              ))}
            </div>
          )}
          {data.concernCount - data.challengeCount > 0 && (
            <div className="badge-warning" title="Required fields with no justification or no consumer">
              ⚠ {data.concernCount - data.challengeCount} required {data.concernCount - data.challengeCount === 1 ? 'field has' : 'fields have'} no why or no reader
            </div>
          )}
          {(data.challengeCount > 0 || data.commentCount > 0) && (
            <div className="row-badges" data-testid="stage-review-badges">
              {data.challengeCount > 0 && (
                <span className="count-badge challenge" title="Fields challenged and waiting for an answer">
                  ? {data.challengeCount} open challenge{data.challengeCount === 1 ? '' : 's'}
                </span>
              )}
              {data.commentCount > 0 && (
                <span className="count-badge comment" title="Open comment threads on this stage and its fields">
                  💬 {data.commentCount}
                </span>
              )}
            </div>
          )}
          {data.exitSumOff && <ExitSumWarning stageId={id} sum={data.exitSum ?? 0} />}
        </>
      )}
      {data.kind !== 'won' && data.kind !== 'lost' && (
        <Handle type="source" position={Position.Right} />
      )}
    </div>
  );
});

function ExitSumWarning({ stageId, sum }: { stageId: string; sum: number }): React.JSX.Element {
  const apply = useEditor((state) => state.apply);
  return (
    <div className="badge-error">
      Exits sum to {formatPercent(sum)}
      <button
        type="button"
        className="nodrag link"
        onClick={(event) => {
          event.stopPropagation();
          apply((doc) => spreadRemainingProbability(doc, stageId), { capture: 'record' });
        }}
      >
        {sum < 1 ? 'Spread the rest evenly' : 'Scale to 100%'}
      </button>
    </div>
  );
}

function RenameInput({ stageId, name }: { stageId: string; name: string }): React.JSX.Element {
  const [draft, setDraft] = useState(name);
  const input = useRef<HTMLInputElement>(null);
  // A new node stays hidden until React Flow has measured it, and hidden inputs cannot take focus:
  // retry for a few frames. Focus without scrolling, which would shift React Flow's viewport.
  useEffect(() => {
    let frame = 0;
    let tries = 0;
    const tryFocus = (): void => {
      const element = input.current;
      if (!element) return;
      element.focus({ preventScroll: true });
      if (document.activeElement === element) element.select();
      else if (++tries < 30) frame = requestAnimationFrame(tryFocus);
    };
    tryFocus();
    return () => cancelAnimationFrame(frame);
  }, []);
  const apply = useEditor((state) => state.apply);
  const stop = useEditor((state) => state.setRenamingStage);
  const commit = (): void => {
    const trimmed = draft.trim();
    if (trimmed && trimmed !== name) apply((doc) => renameStage(doc, stageId, trimmed), { capture: 'record' });
    stop(null);
  };
  return (
    <input
      className="nodrag stage-rename"
      aria-label="Stage name"
      ref={input}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Enter') commit();
        if (event.key === 'Escape') stop(null);
      }}
    />
  );
}
