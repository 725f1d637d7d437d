import { useState } from 'react';
import { addKpi, deleteKpi, nextKpiId, updateKpi } from '../../../../shared/model/kpiCommands';
import type { Kpi, KpiKind, Process } from '../../../../shared/model/schema';
import type { KpiFinding } from '../../../../shared/sim/kpi';
import { useEditor } from '../../store/editorStore';
import { formatKpiTarget, isRateKpi, KPI_DEFAULT_TARGET, KPI_LABEL, KPI_UNIT, kpiInputToTarget, kpiTargetToInput } from './kpiUnits';

const KINDS: KpiKind[] = ['pipeline-coverage', 'opportunity-conversion', 'win-rate', 'sales-cycle-days'];
const SEVERITY_LABEL = { ok: 'Consistent', warning: 'Stretch', error: 'Cannot hold' } as const;

interface KpiEditorProps {
  doc: Process;
  /** Findings from `checkKpis`, or null when the engine refused the process. */
  findings: KpiFinding[] | null;
}

/** The KPI targets management set, and what the stage graph says about them. */
export function KpiEditor({ doc, findings }: KpiEditorProps): React.JSX.Element {
  const apply = useEditor((state) => state.apply);
  const contradictions = findings?.filter((f) => f.kind === 'contradiction') ?? [];
  const add = (): void => {
    const used = new Set(doc.kpis.map((k) => k.kind));
    const kind = KINDS.find((k) => !used.has(k)) ?? 'pipeline-coverage';
    apply((current) => addKpi(current, { id: nextKpiId(current), kind, target: KPI_DEFAULT_TARGET[kind], note: '' }), { capture: 'record' });
  };
  return (
    <div className="kpi-editor">
      <p className="small muted">
        Targets like “pipeline 3× target” or “60% conversion” are often set away from the sales floor. Each is checked against what this stage graph actually delivers.
      </p>
      {contradictions.length > 0 && (
        <ul className="kpi-findings" aria-label="Targets that contradict each other">
          {contradictions.map((finding, i) => (
            <FindingItem key={i} finding={finding} />
          ))}
        </ul>
      )}
      {findings === null && doc.kpis.length > 0 && (
        <p className="banner banner-warning">The KPI check needs a valid process; fix the problems above first.</p>
      )}
      {doc.kpis.length === 0 && <p className="empty-state">No KPI targets yet.</p>}
      <ul className="kpi-list">
        {doc.kpis.map((kpi) => (
          <KpiItem key={kpi.id} kpi={kpi} doc={doc} findings={findings?.filter((f) => f.kind !== 'contradiction' && f.kpiIds.includes(kpi.id)) ?? []} />
        ))}
      </ul>
      <button type="button" onClick={add}>
        + Add KPI
      </button>
    </div>
  );
}

function FindingItem({ finding }: { finding: KpiFinding }): React.JSX.Element {
  return (
    <li className={`kpi-finding severity-${finding.severity}`} data-severity={finding.severity}>
      <span className="kpi-severity">{SEVERITY_LABEL[finding.severity]}</span> {finding.message}
    </li>
  );
}

function KpiItem({ kpi, doc, findings }: { kpi: Kpi; doc: Process; findings: KpiFinding[] }): React.JSX.Element {
  const apply = useEditor((state) => state.apply);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = `kpi-${kpi.id}`;
  const shownTarget = draft ?? String(kpiTargetToInput(kpi.kind, kpi.target));
  const update = (patch: Partial<Omit<Kpi, 'id'>>, key: string): void => {
    apply((current) => updateKpi(current, kpi.id, patch), { capture: { coalesce: `kpi:${kpi.id}:${key}` } });
  };
  return (
    <li className="kpi-item" data-kpi-id={kpi.id}>
      <div className="kpi-row">
        <label className="kpi-kind">
          <span className="visually-hidden">KPI kind</span>
          <select
            value={kpi.kind}
            onChange={(event) => {
              const kind = event.target.value as KpiKind;
              setDraft(null);
              setError(null);
              update({ kind, target: KPI_DEFAULT_TARGET[kind] }, 'kind');
            }}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {KPI_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="danger" aria-label={`Delete KPI ${KPI_LABEL[kpi.kind]} ${formatKpiTarget(kpi.kind, kpi.target)}`} onClick={() => apply((current) => deleteKpi(current, kpi.id), { capture: 'record' })}>
          Delete
        </button>
      </div>
      <div className="kpi-row">
        <label className="kpi-target" htmlFor={`${id}-target`}>
          <span className="kpi-field-label">Target</span>
          <input
            id={`${id}-target`}
            aria-label={`Target of ${KPI_LABEL[kpi.kind]}, ${KPI_UNIT[kpi.kind]}`}
            type="number"
            inputMode="decimal"
            min={0}
            step={isRateKpi(kpi.kind) ? 5 : kpi.kind === 'pipeline-coverage' ? 0.5 : 5}
            value={shownTarget}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(event) => {
              const raw = event.target.value;
              setDraft(raw);
              const value = Number(raw.replace(',', '.'));
              if (raw.trim() === '' || !Number.isFinite(value)) return setError('must be a number');
              if (value < 0) return setError('must be ≥ 0');
              if (isRateKpi(kpi.kind) && value > 100) return setError('must be at most 100%');
              setError(null);
              update({ target: kpiInputToTarget(kpi.kind, value) }, 'target');
            }}
            onBlur={() => {
              if (!error) setDraft(null);
            }}
          />
          <span className="unit">{KPI_UNIT[kpi.kind]}</span>
        </label>
        <label className="kpi-setby">
          <span className="kpi-field-label">Set by</span>
          <select value={kpi.setBy ?? ''} onChange={(event) => update({ setBy: event.target.value === '' ? undefined : event.target.value }, 'setBy')}>
            <option value="">— nobody recorded —</option>
            {doc.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <div id={`${id}-error`} className="field-error" role="alert">
          Target {error}
        </div>
      )}
      <label className="kpi-note">
        <span className="kpi-field-label">Note</span>
        <input value={kpi.note} maxLength={1000} placeholder="Why this target?" onChange={(event) => update({ note: event.target.value }, 'note')} />
      </label>
      {findings.length > 0 && (
        <ul className="kpi-findings">
          {findings.map((finding, i) => (
            <FindingItem key={i} finding={finding} />
          ))}
        </ul>
      )}
    </li>
  );
}
