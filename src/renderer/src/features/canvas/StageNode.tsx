import { memo, useContext, useEffect, useRef, useState } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { ZoomedOutContext } from './zoom';
import { renameStage, spreadRemainingProbability } from '../../../../shared/model/commands';
import { useEditor } from '../../store/editorStore';
import type { StageNode as StageNodeType } from './adapters';
import { formatMinutes, formatPercent } from '../../format';

const KIND_LABEL = { start: 'Start', stage: null, won: 'Won', lost: 'Lost' } as const;

/**
 * One stage on the canvas, sized to be read from the back of a room: the name large, then the
 * facts a workshop argues about — fields reps cannot skip, admin minutes per visit (the engines'
 * count), commission-blocking fields, weekly updates, open concerns, and the budget bar. Won and
 * Lost show their fields' facts like any stage. Every marker has a symbol and a word, never
 * colour alone.
 */
export const StageNode = memo(function StageNode({ id, data, selected }: NodeProps<StageNodeType>) {
  const renaming = useEditor((state) => state.renamingStageId === id);
  // Far out, the details are unreadable: draw the name and the warning marker only.
  const compact = useContext(ZoomedOutContext) && !selected && !renaming;
  const terminal = data.kind === 'won' || data.kind === 'lost';
  const heatStyle =
    data.heat !== null ? { backgroundColor: `color-mix(in srgb, #d9480f ${Math.round(data.heat * 75)}%, #ffffff)` } : undefined;
  const flagged = data.concernCount > 0 || data.exitSumOff;
  const budgetShare = data.budget !== null && data.budget > 0 ? data.adminMinutes / data.budget : null;
  return (
    <div
      className={`stage-node kind-${data.kind}${selected ? ' selected' : ''}${data.heat !== null ? ' heat' : ''}${compact ? ' compact' : ''}${compact && flagged ? ' flagged' : ''}`}
      style={heatStyle}
      data-testid="stage-node"
      data-stage-name={data.name}
      data-heat-band={data.heat !== null ? heatBand(data.heat) : undefined}
    >
      {data.kind !== 'start' && <Handle type="target" position={Position.Left} />}
      {KIND_LABEL[data.kind] && <div className={`kind-badge kind-badge-${data.kind}`}>{KIND_LABEL[data.kind]}</div>}
      <div className="stage-title">
        {renaming ? <RenameInput stageId={id} name={data.name} /> : <span className="stage-name">{data.name}</span>}
      </div>
      {compact && flagged && (
        <div className="compact-flag" aria-label="Needs attention">
          ⚠
        </div>
      )}
      {!compact && (
        <>
          <div className="stage-stats">
            <span title="Fields a rep cannot skip here" data-testid="card-required">
              <strong>{data.requiredCount}</strong> required
            </span>
            <span
              className={data.overBudget ? 'over-budget' : undefined}
              data-testid="card-minutes"
              title={
                data.adminMinutesPerDeal !== null
                  ? `Admin time one visit costs a rep; ${formatMinutes(data.adminMinutesPerDeal)} per deal on average`
                  : 'Admin time one visit costs a rep'
              }
            >
              <strong>{formatMinutes(data.adminMinutes)}</strong>/visit
            </span>
          </div>
          {(data.commissionBlockingCount > 0 || data.weeklyCount > 0 || data.concernCount > 0) && (
            <div className="stage-markers">
              {data.commissionBlockingCount > 0 && (
                <span className="marker marker-commission" title="Fields that withhold commission until filled" data-testid="card-commission">
                  <span aria-hidden="true">$⊘</span> {data.commissionBlockingCount} blocks pay
                </span>
              )}
              {data.weeklyCount > 0 && (
                <span
                  className="marker marker-weekly"
                  title={terminal ? 'Weekly updates on a closed stage cost nothing here: no time passes' : 'Fields updated every week the deal sits here'}
                  data-testid="card-weekly"
                >
                  <span aria-hidden="true">↻</span> {data.weeklyCount} weekly
                </span>
              )}
              {data.concernCount > 0 && (
                <span className="marker marker-concern" title="Open concerns: required fields with no reason or no reader, and open challenges" data-testid="card-concerns">
                  <span aria-hidden="true">⚠</span> {data.concernCount} open
                </span>
              )}
            </div>
          )}
          {budgetShare !== null && data.budget !== null && (
            <div
              className={`budget-bar${data.overBudget ? ' over' : ''}`}
              role="meter"
              aria-label={`Admin budget: ${formatMinutes(data.adminMinutes)} of ${formatMinutes(data.budget)} per visit`}
              aria-valuemin={0}
              aria-valuemax={data.budget}
              aria-valuenow={Math.round(data.adminMinutes * 10) / 10}
              title={`${formatMinutes(data.adminMinutes)} of an agreed ${formatMinutes(data.budget)} per visit`}
            >
              <span className="budget-fill" style={{ width: `${Math.min(100, Math.round(budgetShare * 100))}%` }} />
              <span className="budget-text">{data.overBudget ? `over ${formatMinutes(data.budget)} budget` : `budget ${formatMinutes(data.budget)}`}</span>
            </div>
          )}
          {data.heat !== null && (
            <div
              className="heat-line"
              data-testid="card-heat"
              title={data.adminMinutesPerDeal !== null ? `${formatMinutes(data.adminMinutesPerDeal)} of admin per deal` : undefined}
            >
              {data.heatLabel}: <strong>{heatBand(data.heat)}</strong>
            </div>
          )}
          {data.chips.length > 0 && (
            <div className="chips" aria-label="Requested by">
              {data.chips.map((chip) => (
                <span key={chip.id} className="chip" style={{ borderColor: chip.color, color: chip.color }} title={`Fields requested by ${chip.name}`}>
                  {chip.name}
                </span>
              ))}
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
                  {data.commentCount} comment{data.commentCount === 1 ? '' : 's'}
                </span>
              )}
            </div>
          )}
          {data.exitSumOff && <ExitSumWarning stageId={id} sum={data.exitSum ?? 0} />}
        </>
      )}
      {!terminal && <Handle type="source" position={Position.Right} />}
    </div>
  );
}, sameCard);

/**
 * The card draws from its id, data and selection only. React Flow also passes the position
 * (positionAbsoluteX/Y), `dragging` and more, which change on every drag step: comparing just
 * what the card reads keeps a dragged card from re-rendering its content on every frame.
 */
function sameCard(before: NodeProps<StageNodeType>, after: NodeProps<StageNodeType>): boolean {
  return before.id === after.id && before.data === after.data && before.selected === after.selected;
}

/** Heat as a word as well as a colour: low / medium / high / highest. */
export function heatBand(heat: number): 'low' | 'medium' | 'high' | 'highest' {
  if (heat >= 0.85) return 'highest';
  if (heat >= 0.5) return 'high';
  if (heat >= 0.2) return 'medium';
  return 'low';
}

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
