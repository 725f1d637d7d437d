import { useEffect, useMemo, useState } from 'react';
import type { Process, Requirement } from '../../../../shared/model/schema';
import type { FieldOverride, FieldOverrides } from '../../../../shared/sim/compile';
import type { FieldRow } from '../../../../shared/sim/rollup';
import { useEditor } from '../../store/editorStore';
import { formatMinutes } from '../../format';
import { REQUIREMENT_LABEL } from '../inspector/labels';
import { applyWhatIf, setOverride } from '../../../../shared/sim/whatIf';
import { describeOverrides, whatIfGroups, type WhatIfField } from './whatIfView';
import { useBurden } from './burdenStore';

const REQUIREMENTS: Requirement[] = ['optional', 'required', 'blocks-stage', 'blocks-commission'];
const MAX_SECONDS = 24 * 60 * 60;

interface WhatIfPanelProps {
  doc: Process;
  /** Field rows of the document without overrides: their sizes order the list. */
  fields: readonly FieldRow[];
  overrides: FieldOverrides;
}

/**
 * Try changes without touching the document: switch fields off, change their fill time or their
 * requirement. The headline shows the deltas; "Apply to process" writes them as one undo step.
 */
export function WhatIfPanel({ doc, fields, overrides }: WhatIfPanelProps): React.JSX.Element {
  const [query, setQuery] = useState('');
  const setOverrides = useBurden((state) => state.setOverrides);
  const apply = useEditor((state) => state.apply);
  const notify = useEditor((state) => state.notify);
  const groups = useMemo(() => whatIfGroups(doc, fields, query), [doc, fields, query]);
  const count = Object.keys(overrides).length;
  // The room explores what-ifs; only the facilitator applies them to the process.
  const locked = useEditor((state) => state.editLock);

  const change = (fieldId: string, patch: FieldOverride): void => setOverrides(setOverride(overrides, doc, fieldId, patch));

  const applyToProcess = (): void => {
    const summary = describeOverrides(overrides);
    if (apply((current) => applyWhatIf(current, overrides), { capture: 'record' })) {
      setOverrides({});
      notify(`Applied to the process: ${summary}. Undo with Ctrl+Z.`);
    }
  };

  return (
    <div className="whatif">
      <p className="small muted">
        Changes here are a proposal: the process is not edited until you apply them. Every headline figure above shows its change.
      </p>
      <div className="whatif-actions" role="group" aria-label="What-if actions">
        <span className="whatif-count" aria-live="polite">
          {count === 0 ? 'No changes yet' : describeOverrides(overrides)}
        </span>
        <button type="button" onClick={() => setOverrides({})} disabled={count === 0}>
          Reset what-if
        </button>
        {!locked && (
          <button type="button" className="primary" onClick={applyToProcess} disabled={count === 0}>
            Apply to process
          </button>
        )}
      </div>
      <label className="whatif-search">
        <span className="visually-hidden">Search fields</span>
        <input type="search" placeholder="Search fields or stages…" value={query} onChange={(event) => setQuery(event.target.value)} />
      </label>
      {groups.length === 0 && <p className="empty-state">No active field matches “{query}”.</p>}
      <div className="whatif-groups">
      {groups.map((group) => (
        <fieldset key={group.stageId} className="whatif-group">
          <legend>
            {group.stageName} <span className="muted">· {formatMinutes(group.minutesPerRepMonth)} per rep-month</span>
          </legend>
          <ul className="whatif-list">
            {group.fields.map((field) => (
              <WhatIfRow key={`${field.stageId}/${field.fieldId}`} field={field} override={overrides[field.fieldId]} onChange={change} />
            ))}
          </ul>
        </fieldset>
      ))}
      </div>
    </div>
  );
}

interface WhatIfRowProps {
  field: WhatIfField;
  override: FieldOverride | undefined;
  onChange: (fieldId: string, patch: FieldOverride) => void;
}

function WhatIfRow({ field, override, onChange }: WhatIfRowProps): React.JSX.Element {
  const on = override?.enabled !== false;
  const seconds = override?.secondsToComplete ?? field.secondsToComplete;
  const requirement = override?.requirement ?? field.requirement;
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const changed = override !== undefined;
  const overriddenSeconds = override?.secondsToComplete;
  useEffect(() => {
    // "Reset what-if" or "Apply" cleared the override: show the document's value again.
    if (overriddenSeconds === undefined) {
      setDraft(null);
      setError(null);
    }
  }, [overriddenSeconds]);
  const secondsId = `whatif-s-${field.stageId}-${field.fieldId}`;
  const errorId = `${secondsId}-error`;

  return (
    <li className={`whatif-row${changed ? ' changed' : ''}${on ? '' : ' off'}`} data-field-id={field.fieldId}>
      <label className="whatif-toggle">
        <input
          type="checkbox"
          checked={on}
          onChange={(event) => onChange(field.fieldId, { enabled: event.target.checked })}
          aria-label={`Keep ${field.label}`}
        />
        <span className="whatif-label">
          {field.label}
          {field.unjustified && (
            <span className="concern" title="Required, with no justification or no reader">
              {' '}
              ⚠<span className="visually-hidden"> unjustified</span>
            </span>
          )}
        </span>
      </label>
      <span className="whatif-cost" title="Admin minutes per rep per month in the process as it is">
        {formatMinutes(field.minutesPerRepMonth)}
      </span>
      <div className="whatif-controls">
        <label htmlFor={secondsId} className="visually-hidden">
          Seconds to fill {field.label}
        </label>
        <input
          id={secondsId}
          type="number"
          min={0}
          max={MAX_SECONDS}
          step={5}
          className="whatif-seconds"
          value={draft ?? String(seconds)}
          disabled={!on}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            const raw = event.target.value;
            setDraft(raw);
            const value = Number(raw.replace(',', '.'));
            if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > MAX_SECONDS) {
              setError(`must be a number of seconds from 0 to ${MAX_SECONDS}`);
              return;
            }
            setError(null);
            onChange(field.fieldId, { secondsToComplete: value });
          }}
          onBlur={() => {
            if (!error) setDraft(null);
          }}
        />
        <span className="unit">s</span>
        <select
          aria-label={`Requirement of ${field.label}`}
          value={requirement}
          disabled={!on}
          onChange={(event) => onChange(field.fieldId, { requirement: event.target.value as Requirement })}
        >
          {REQUIREMENTS.map((r) => (
            <option key={r} value={r}>
              {REQUIREMENT_LABEL[r]}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <div id={errorId} className="field-error" role="alert">
          {error}
        </div>
      )}
    </li>
  );
}
