import { useState } from 'react';
import type { ImportPlan } from '../../../../shared/io/importPlan';
import { writeCsv } from '../../../../shared/io/csv';
import type { Process } from '../../../../shared/model/schema';
import { downloadText } from '../export/download';
import type { NewStage } from './createStages';
import { UnassignedTray } from './StagesStep';

interface ReviewStepProps {
  process: Process;
  newStages: NewStage[];
  plan: ImportPlan;
  seconds: Record<string, number>;
  onSeconds: (seconds: Record<string, number>) => void;
}

/** Step 4: what the import adds, updates and leaves alone — nothing has changed yet. */
export function ReviewStep({ process, newStages, plan, seconds, onSeconds }: ReviewStepProps): React.JSX.Element {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulk, setBulk] = useState('');
  const stageName = (id: string): string =>
    process.stages.find((stage) => stage.id === id)?.name ?? newStages.find((stage) => stage.id === id)?.name ?? id;
  const unexplained = plan.added.filter((add) => add.field.justification.trim() === '').length;
  const bulkValue = Number(bulk);
  const bulkValid = bulk.trim() !== '' && Number.isFinite(bulkValue) && bulkValue >= 0 && bulkValue <= 86_400;
  const allSelected = plan.added.length > 0 && selected.size === plan.added.length;

  return (
    <section aria-label="Review">
      <p className="wizard-summary" data-testid="import-summary">
        <strong>{plan.added.length}</strong> new, <strong>{plan.updated.length}</strong> updated, <strong>{plan.unchanged.length}</strong>{' '}
        unchanged, <strong>{plan.unassigned.length}</strong> unassigned
        {newStages.length > 0 && (
          <>
            {' '}
            · <strong>{newStages.length}</strong> new stage{newStages.length === 1 ? '' : 's'}: {newStages.map((stage) => stage.name).join(', ')}
          </>
        )}
        . Nothing changes until you import; one Ctrl+Z undoes it all.
      </p>
      {unexplained > 0 && (
        <div className="banner banner-warning">
          <p>
            {unexplained} of the new fields arrive with nobody saying why they exist — they come in as <em>proposed</em>, with no
            reader, and will be flagged until someone explains them.
          </p>
        </div>
      )}

      {plan.added.length > 0 && (
        <>
          <h3>New fields</h3>
          <div className="bulk-seconds" role="group" aria-label="Seconds to complete for the selected fields">
            <label className="inline-select">
              Seconds to complete for the {selected.size} selected
              <input type="number" min={0} max={86400} value={bulk} onChange={(event) => setBulk(event.target.value)} className="seconds-input" />
            </label>
            <button
              type="button"
              disabled={!bulkValid || selected.size === 0}
              onClick={() => {
                const next = { ...seconds };
                for (const id of selected) next[id] = bulkValue;
                onSeconds(next);
              }}
            >
              Set
            </button>
            <span className="hint">Defaults come from the field type (checkbox 3 s … long text 90 s).</span>
          </div>
          <div className="table-scroll tall">
            <table className="wizard-table" aria-label="New fields">
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label="Select every new field"
                      checked={allSelected}
                      onChange={() => setSelected(allSelected ? new Set() : new Set(plan.added.map((add) => add.field.id)))}
                    />
                  </th>
                  <th scope="col">Field</th>
                  <th scope="col">API name</th>
                  <th scope="col">Stage</th>
                  <th scope="col">Type</th>
                  <th scope="col">Requirement</th>
                  <th scope="col">Why</th>
                  <th scope="col" className="num">
                    Seconds
                  </th>
                </tr>
              </thead>
              <tbody>
                {plan.added.map((add) => (
                  <tr key={add.field.id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Select ${add.field.label}`}
                        checked={selected.has(add.field.id)}
                        onChange={() => {
                          const next = new Set(selected);
                          if (next.has(add.field.id)) next.delete(add.field.id);
                          else next.add(add.field.id);
                          setSelected(next);
                        }}
                      />
                    </td>
                    <th scope="row">{add.field.label}</th>
                    <td>
                      <code>{add.field.apiName ?? ''}</code>
                    </td>
                    <td>{stageName(add.stageId)}</td>
                    <td>{add.field.type}</td>
                    <td>{add.field.requirement}</td>
                    <td>{add.field.justification ? <span title={add.field.justification}>imported help text</span> : <span className="warn">Nobody has said</span>}</td>
                    <td className="num">
                      <input
                        type="number"
                        min={0}
                        max={86400}
                        aria-label={`Seconds to complete ${add.field.label}`}
                        className="seconds-input"
                        value={seconds[add.field.id] ?? add.field.secondsToComplete}
                        onChange={(event) => {
                          const value = Number(event.target.value);
                          if (event.target.value !== '' && Number.isFinite(value) && value >= 0 && value <= 86_400) onSeconds({ ...seconds, [add.field.id]: value });
                        }}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {plan.updated.length > 0 && (
        <>
          <h3>Updated fields</h3>
          <ul className="change-list" aria-label="Updated fields">
            {plan.updated.map((update) => (
              <li key={update.fieldId}>
                <strong>{update.label}</strong>:{' '}
                {update.changes
                  .map((change) =>
                    change.property === 'stage'
                      ? `stage ${stageName(String(change.before))} → ${stageName(String(change.after))}`
                      : `${change.property} ${show(change.before)} → ${show(change.after)}`,
                  )
                  .join('; ')}
              </li>
            ))}
          </ul>
        </>
      )}
      {plan.unchanged.length > 0 && (
        <details>
          <summary>{plan.unchanged.length} fields already match the file and stay as they are</summary>
          <p className="muted">{plan.unchanged.map((item) => item.label).join(', ')}</p>
        </details>
      )}

      <UnassignedTray plan={plan} />
      {plan.unassigned.length > 0 && (
        <button
          type="button"
          onClick={() =>
            downloadText(
              writeCsv([
                ['API name', 'Label', 'Type', 'Stage in the file', 'Why it was not placed'],
                ...plan.unassigned.map((item) => [item.field.apiName, item.field.label, item.field.type, item.stage, item.reason]),
              ]),
              'unassigned-fields.csv',
              'text/csv',
            )
          }
        >
          Download the unassigned fields (CSV)
        </button>
      )}
      {plan.warnings.length > 0 && (
        <details open>
          <summary>Notes ({plan.warnings.length})</summary>
          <ul className="warning-list">
            {plan.warnings.map((warning, index) => (
              <li key={index}>{warning}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function show(value: unknown): string {
  if (value === undefined || value === '') return '(none)';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(', ');
  const text = String(value);
  return text.length > 60 ? `“${text.slice(0, 57)}…”` : `“${text}”`;
}
