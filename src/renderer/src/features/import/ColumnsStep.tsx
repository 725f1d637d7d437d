import { useState } from 'react';
import type { ImportPlan } from '../../../../shared/io/importPlan';
import { MAPPING_TARGETS, PRESET_LABELS, type ColumnMapping, type MappingTarget } from '../../../../shared/io/mapping';
import { parseMapping } from '../../../../shared/io/sources';
import { useEditor } from '../../store/editorStore';
import { downloadText } from '../export/download';
import type { FileFacts } from './ioJobs';
import { saveMapping } from './savedMappings';

/** The properties most CRM exports carry, shown first; the rest sit under "More properties". */
const MAIN_TARGETS: readonly MappingTarget[] = ['label', 'apiName', 'type', 'requirement', 'helpText', 'stage', 'requestedBy', 'fillRate', 'fillRatePercent'];

const TARGET_LABELS: Record<MappingTarget, string> = {
  label: 'Label',
  apiName: 'API name',
  type: 'Type',
  requirement: 'Required / requirement',
  helpText: 'Help text / description (→ justification draft)',
  stage: 'Stage',
  requestedBy: 'Requesting group',
  fillRate: 'Fill rate (0–1 or “40%”)',
  fillRatePercent: 'Fill rate in percent (0–100)',
  id: 'Stagecraft field id',
  consumers: 'Read by',
  justification: 'Justification',
  justificationImported: 'Justification is imported',
  decisionSupported: 'Decision supported',
  valueToSales: 'Value to sales',
  secondsToComplete: 'Seconds to complete',
  secondsMin: 'Seconds min',
  secondsMax: 'Seconds max',
  entries: 'Entries',
  status: 'Status',
  reviewBy: 'Review by',
};

const DELIMITERS: Array<{ value: string; label: string }> = [
  { value: ',', label: 'Comma ,' },
  { value: ';', label: 'Semicolon ;' },
  { value: '\t', label: 'Tab' },
  { value: '|', label: 'Pipe |' },
];

interface ColumnsStepProps {
  files: FileFacts[];
  /** Null while some file cannot be read with its mapping yet. */
  plan: ImportPlan | null;
  mappings: Record<string, ColumnMapping>;
  onMapping: (fileName: string, mapping: ColumnMapping) => void;
}

/** Step 2: for each CSV, which column holds what — with the first rows and the fields they make. */
export function ColumnsStep({ files, plan, mappings, onMapping }: ColumnsStepProps): React.JSX.Element {
  const csvFiles = files.filter((file) => file.preview);
  return (
    <section aria-label="Columns">
      {csvFiles.map((file) => (
        <CsvMapping
          key={file.name}
          file={file}
          mapping={mappings[file.name] ?? file.source?.mapping ?? { preset: 'generic', columns: {} }}
          plan={plan}
          onMapping={(mapping) => onMapping(file.name, mapping)}
        />
      ))}
    </section>
  );
}

function CsvMapping({
  file,
  mapping,
  plan,
  onMapping,
}: {
  file: FileFacts;
  mapping: ColumnMapping;
  plan: ImportPlan | null;
  onMapping: (mapping: ColumnMapping) => void;
}): React.JSX.Element {
  const preview = file.preview!;
  const [loadError, setLoadError] = useState<string | null>(null);
  const notify = useEditor((state) => state.notify);
  const setColumn = (target: MappingTarget, header: string): void => {
    const columns = { ...mapping.columns };
    if (header === '') delete columns[target];
    else columns[target] = header;
    onMapping({ ...mapping, preset: 'generic', columns });
  };
  const targetOf = (header: string): MappingTarget | undefined =>
    (Object.entries(mapping.columns) as Array<[MappingTarget, string]>).find(([, mapped]) => mapped === header)?.[0];
  const resulting = [
    ...(plan?.added ?? []).filter((add) => add.source.startsWith(file.name)).map((add) => ({ key: add.field.id, field: add.field, stageId: add.stageId, what: 'new' })),
    ...(plan?.updated ?? [])
      .filter((update) => update.source.startsWith(file.name))
      .map((update) => ({ key: update.fieldId, field: { label: update.label, ...update.patch }, stageId: update.stageId, what: 'update' })),
    ...(plan?.unassigned ?? [])
      .filter((item) => item.field.source.startsWith(file.name))
      .map((item) => ({
        key: item.field.source,
        field: { label: item.field.label ?? item.field.apiName ?? '', type: item.field.type, requirement: item.field.requirement, justification: item.field.helpText },
        stageId: '',
        what: `unassigned: ${item.reason}`,
      })),
  ].slice(0, 8);
  const selectRow = (target: MappingTarget): React.JSX.Element => (
    <label key={target} className="mapping-row">
      <span>{TARGET_LABELS[target]}</span>
      <select value={mapping.columns[target] ?? ''} onChange={(event) => setColumn(target, event.target.value)}>
        <option value="">— not in this file —</option>
        {preview.headers.map((header) => (
          <option key={header} value={header}>
            {header}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="csv-mapping" data-testid="csv-mapping">
      <h3>
        {file.name} <span className="muted">— {PRESET_LABELS[mapping.preset]}</span>
      </h3>
      <div className="mapping-options">
        <label className="inline-select">
          Delimiter
          <select value={mapping.delimiter ?? preview.delimiter} onChange={(event) => onMapping({ ...mapping, delimiter: event.target.value })}>
            {DELIMITERS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => {
            saveMapping(preview.headers, mapping, new Date());
            notify('Mapping saved: the next file with these columns uses it.');
          }}
        >
          Save mapping for next time
        </button>
        <button type="button" onClick={() => downloadText(`${JSON.stringify(mapping, null, 2)}\n`, 'stagecraft-mapping.json', 'application/json')}>
          Download mapping (for the CLI)
        </button>
        <label className="button-like">
          Load a mapping…
          <input
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            onChange={(event) => {
              const picked = event.target.files?.[0];
              event.target.value = '';
              if (!picked) return;
              void picked.text().then((text) => {
                let raw: unknown;
                try {
                  raw = JSON.parse(text);
                } catch {
                  setLoadError(`${picked.name} is not JSON.`);
                  return;
                }
                const parsed = parseMapping(raw);
                if (parsed.ok) {
                  setLoadError(null);
                  onMapping(parsed.mapping);
                } else setLoadError(`${picked.name}: ${parsed.message}`);
              });
            }}
          />
        </label>
      </div>
      {file.error && (
        <p className="field-error" role="alert" data-testid="mapping-error">
          {file.error}
        </p>
      )}
      {loadError && (
        <p className="field-error" role="alert">
          {loadError}
        </p>
      )}
      <div className="mapping-grid">
        <fieldset className="mapping-targets">
          <legend>Which column holds…</legend>
          {MAIN_TARGETS.map(selectRow)}
          <details>
            <summary>More properties</summary>
            {MAPPING_TARGETS.filter((target) => !MAIN_TARGETS.includes(target)).map(selectRow)}
          </details>
        </fieldset>
        <div className="mapping-preview">
          <h4>First rows of the file</h4>
          <div className="table-scroll">
            <table className="wizard-table" aria-label={`First rows of ${file.name}`}>
              <thead>
                <tr>
                  {preview.headers.map((header) => (
                    <th key={header} scope="col">
                      {header}
                      <span className="mapped-as">{targetOf(header) ? `→ ${TARGET_LABELS[targetOf(header)!]}` : 'not used'}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row, index) => (
                  <tr key={index}>
                    {row.map((cell, column) => (
                      <td key={column}>{cell}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h4>The fields they make</h4>
          {resulting.length === 0 ? (
            <p className="empty-state">No field yet: map at least the label or the API name.</p>
          ) : (
            <table className="wizard-table" aria-label="Fields that would result">
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Type</th>
                  <th scope="col">Requirement</th>
                  <th scope="col">Why (imported)</th>
                  <th scope="col"></th>
                </tr>
              </thead>
              <tbody>
                {resulting.map((row) => (
                  <tr key={row.key}>
                    <th scope="row">{row.field.label}</th>
                    <td>{row.field.type ?? '—'}</td>
                    <td>{row.field.requirement ?? '—'}</td>
                    <td>{row.field.justification ? row.field.justification : <span className="warn">Nobody has said</span>}</td>
                    <td className="muted">{row.what}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </div>
  );
}
