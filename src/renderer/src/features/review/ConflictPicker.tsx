import { useState } from 'react';
import type { MergeConflict, Side } from '../../../../shared/review/merge';
import { Modal } from '../app/Modal';

function show(value: unknown): string {
  if (value === undefined) return '(removed)';
  if (typeof value === 'string') return `“${value}”`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = JSON.stringify(value, null, 1);
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}

/**
 * The overlapping changes of a three-way merge, side by side: for each, the user keeps what the
 * process has now or what the proposal says. Nothing is taken silently; every item needs a pick.
 */
export function ConflictPicker({
  conflicts,
  onDone,
  onCancel,
}: {
  conflicts: MergeConflict[];
  onDone: (resolutions: Record<string, Side>) => void;
  onCancel: () => void;
}): React.JSX.Element {
  const [picks, setPicks] = useState<Record<string, Side>>({});
  const missing = conflicts.filter((conflict) => !picks[conflict.id]).length;
  return (
    <Modal title="The process moved on: pick per change" onClose={onCancel}>
      <p className="muted">
        Both the process and the proposal changed these since the proposal was made. Everything else merges by itself.
      </p>
      <div className="conflicts" data-testid="conflict-picker">
        {conflicts.map((conflict) => (
          <fieldset key={conflict.id} className="conflict">
            <legend>
              {conflict.label}
              {conflict.key && <code> · {conflict.key}</code>}
            </legend>
            <p className="muted small">Before both: {show(conflict.base)}</p>
            <div className="conflict-sides">
              {(['process', 'proposal'] as const).map((side) => (
                <label key={side} className={`conflict-side${picks[conflict.id] === side ? ' picked' : ''}`}>
                  <input
                    type="radio"
                    name={conflict.id}
                    checked={picks[conflict.id] === side}
                    onChange={() => setPicks({ ...picks, [conflict.id]: side })}
                  />
                  <span>
                    <strong>{side === 'process' ? 'Keep the process' : 'Take the proposal'}</strong>
                    <pre>{show(conflict[side])}</pre>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        ))}
      </div>
      <div className="modal-actions">
        <span className="muted small">{missing > 0 ? `${missing} left to pick` : 'All picked'}</span>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={missing > 0} onClick={() => onDone(picks)}>
          Continue
        </button>
      </div>
    </Modal>
  );
}
