import { useEffect, useMemo, useRef, useState } from 'react';
import { applyCalibration, SMALL_SAMPLE, type Calibration, type CalibratedTransition } from '../../../../shared/io/calibrate';
import type { HistoryFormat } from '../../../../shared/io/history';
import type { Process } from '../../../../shared/model/schema';
import { useEditor } from '../../store/editorStore';
import { errorMessage } from '../../api/client';
import { formatPercent } from '../../format';
import { Modal } from '../app/Modal';
import { KPI_LABEL, formatKpiTarget } from '../burden/kpiUnits';
import { CancelledError, readPickedFile, startIoJob, type RunningJob } from '../import/ioWorkerClient';
import type { CalibrateResult, PickedFile } from '../import/ioJobs';
import { rememberCalibration } from './lastCalibration';

const FORMAT_LABEL: Record<HistoryFormat, string> = {
  generic: 'a stage log (case id, stage, timestamp)',
  'salesforce-field-history': 'Salesforce OpportunityFieldHistory',
  'salesforce-opportunity-history': 'Salesforce OpportunityHistory',
  'hubspot-stage-dates': 'HubSpot deal stage dates',
};

/**
 * Calibration: load the CRM's stage history, see the model's figures next to the observed ones
 * (with how many deals stand behind each and a warning where that is few), and apply what the
 * team accepts — the chosen items or all of them — as one undo step.
 */
export function CalibrationDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const doc = useEditor((state) => state.doc);
  const [file, setFile] = useState<PickedFile | null>(null);
  const [stageMap, setStageMap] = useState<Record<string, string>>({});
  const [result, setResult] = useState<CalibrateResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [exitsChosen, setExitsChosen] = useState<ReadonlySet<string>>(new Set());
  const [daysChosen, setDaysChosen] = useState<ReadonlySet<string>>(new Set());
  const job = useRef<RunningJob<CalibrateResult> | null>(null);
  // The comparison is made against the document as it was when the file was read.
  const [basis, setBasis] = useState<Process | null>(null);

  useEffect(() => {
    if (!file || !basis) return;
    job.current?.cancel();
    const running = startIoJob({ kind: 'calibrate', process: basis, file, stageMap });
    job.current = running;
    setBusy(true);
    running.result
      .then((next) => {
        if (job.current !== running) return;
        setResult(next);
        setError(next.ok ? next.message : next.message);
        if (next.ok && next.calibration) {
          rememberCalibration(basis.id, next.calibration, file.name);
          // Everything with evidence starts chosen; small samples are left for a human to decide.
          const calibration = next.calibration;
          setExitsChosen(new Set(exitGroups(calibration).filter((group) => !group.smallSample && group.observed).map((group) => group.from)));
          setDaysChosen(new Set(calibration.stages.filter((stage) => stage.meanDays !== null && !stage.smallSample).map((stage) => stage.stageId)));
        }
      })
      .catch((caught: unknown) => {
        if (!(caught instanceof CancelledError)) setError(errorMessage(caught));
      })
      .finally(() => {
        if (job.current === running) {
          job.current = null;
          setBusy(false);
        }
      });
  }, [file, basis, stageMap]);
  useEffect(() => () => job.current?.cancel(), []);

  const calibration = result?.ok ? result.calibration : null;
  const groups = useMemo(() => (calibration ? exitGroups(calibration) : []), [calibration]);
  if (!doc) return <></>;
  const stageName = (id: string): string => doc.stages.find((stage) => stage.id === id)?.name ?? id;

  const apply = (selection: 'all' | { transitionsFrom: string[]; stages: string[] }): void => {
    if (!calibration) return;
    const changed = useEditor.getState().apply((current) => applyCalibration(current, calibration, selection), { capture: 'record' });
    useEditor
      .getState()
      .notify(changed ? 'Applied the observed figures. Ctrl+Z undoes them in one step.' : 'The model already matches the observed figures.');
    onClose();
  };
  const chosenCount = exitsChosen.size + daysChosen.size;

  return (
    <Modal title="Calibrate from stage history" onClose={onClose}>
      <div className="wizard calibration" data-testid="calibration">
        <div className="calibration-pick">
          <label className="button-like">
            Choose a history file…
            <input
              type="file"
              accept=".csv,.tsv,.txt,text/csv"
              className="visually-hidden"
              data-testid="history-file"
              onChange={(event) => {
                const picked = event.target.files?.[0];
                event.target.value = '';
                if (!picked) return;
                setError(null);
                setResult(null);
                readPickedFile(picked)
                  .then((read) => {
                    setStageMap({});
                    setBasis(useEditor.getState().doc);
                    setFile(read);
                  })
                  .catch((caught: unknown) => setError(errorMessage(caught)));
              }}
            />
          </label>
          <p className="hint">
            A CSV of stage changes: Salesforce <code>OpportunityFieldHistory</code> or <code>OpportunityHistory</code>, HubSpot deal
            stage dates (<code>hs_v2_date_entered_…</code>), or any log with a case id, a stage and a timestamp.
          </p>
        </div>
        {busy && (
          <p className="wizard-busy" role="status">
            <span className="spinner" aria-hidden="true" /> Reading {file?.name}…{' '}
            <button type="button" className="link" onClick={() => job.current?.cancel()}>
              Cancel
            </button>
          </p>
        )}
        {error && (
          <div className="banner banner-error" role="alert" data-testid="calibration-error">
            <p>{error}</p>
            <p className="hint">Nothing was changed.</p>
          </div>
        )}
        {result?.ok && result.unknown.length > 0 && (
          <section aria-label="Stage names" className="tray">
            <h3>Stages in the history that “{doc.name}” does not have</h3>
            <p>Map each to a stage, or the figures of its neighbours would be wrong.</p>
            {result.unknown.map((name) => (
              <label key={name} className="mapping-row">
                <span>{name}</span>
                <select aria-label={`Stage for “${name}”`} value={stageMap[name] ?? ''} onChange={(event) => setStageMap({ ...stageMap, [name]: event.target.value })}>
                  <option value="">— choose —</option>
                  {doc.stages.map((stage) => (
                    <option key={stage.id} value={stage.id}>
                      {stage.name}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </section>
        )}
        {result?.ok && calibration && (
          <div className="wizard-body">
            <p className="wizard-summary" data-testid="calibration-summary">
              {file?.name}, read as {FORMAT_LABEL[result.format]}: <strong>{calibration.deals}</strong> deals —{' '}
              <strong>{calibration.won}</strong> won, <strong>{calibration.lost}</strong> lost, <strong>{calibration.open}</strong> still open
              (counted as open, not lost) — from {calibration.events} events.
              {calibration.conversion !== null && (
                <>
                  {' '}
                  Won ÷ closed: <strong>{formatPercent(calibration.conversion)}</strong>.
                </>
              )}{' '}
              <span className="muted">Figures resting on fewer than {SMALL_SAMPLE} deals are marked ⚠.</span>
            </p>

            {calibration.kpis.length > 0 && (
              <section aria-label="KPIs against the history">
                <h3>KPI targets against the history</h3>
                <table className="wizard-table">
                  <thead>
                    <tr>
                      <th scope="col">KPI</th>
                      <th scope="col" className="num">Target</th>
                      <th scope="col" className="num">Observed</th>
                      <th scope="col" className="num">Deals</th>
                      <th scope="col">Finding</th>
                    </tr>
                  </thead>
                  <tbody>
                    {calibration.kpis.map((kpi) => (
                      <tr key={kpi.kpiId} className={kpi.severity === 'warning' ? 'row-warning' : undefined}>
                        <th scope="row">{KPI_LABEL[kpi.kind]}</th>
                        <td className="num">{formatKpiTarget(kpi.kind, kpi.target)}</td>
                        <td className="num">{kpi.observed === null ? '—' : formatKpiTarget(kpi.kind, kpi.observed)}</td>
                        <td className="num">{kpi.n}</td>
                        <td>
                          {kpi.severity === 'warning' ? '⚠ ' : ''}
                          {kpi.message}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            )}

            <section aria-label="Transitions">
              <h3>Where deals go next — model vs observed</h3>
              <div className="table-scroll tall">
                <table className="wizard-table">
                  <thead>
                    <tr>
                      <th scope="col">Apply</th>
                      <th scope="col">From</th>
                      <th scope="col">To</th>
                      <th scope="col" className="num">Model</th>
                      <th scope="col" className="num">Observed</th>
                      <th scope="col" className="num">Deals (of n)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {groups.map((group) =>
                      group.rows.map((row, index) => (
                        <tr key={`${row.from}>${row.to}`} className={index === 0 ? 'group-start' : undefined} data-testid="calibration-transition">
                          {index === 0 && (
                            <td rowSpan={group.rows.length}>
                              <input
                                type="checkbox"
                                aria-label={`Apply the observed exits of ${stageName(group.from)}`}
                                disabled={!group.observed}
                                checked={exitsChosen.has(group.from)}
                                onChange={() => setExitsChosen(toggle(exitsChosen, group.from))}
                              />
                            </td>
                          )}
                          {index === 0 && <th scope="rowgroup" rowSpan={group.rows.length}>{stageName(group.from)}</th>}
                          <td>{stageName(row.to)}</td>
                          <td className="num">{row.current === null ? <span className="muted">not modelled</span> : formatPercent(row.current)}</td>
                          <td className={`num${differs(row) ? ' differs' : ''}`}>{row.observed === null ? '—' : formatPercent(row.observed)}</td>
                          <td className="num">
                            {row.count} of {row.n}
                            {row.smallSample && (
                              <span className="small-n" title={`Fewer than ${SMALL_SAMPLE} deals left ${stageName(row.from)}: treat the share with care`}>
                                {' '}
                                ⚠ few
                              </span>
                            )}
                          </td>
                        </tr>
                      )),
                    )}
                  </tbody>
                </table>
              </div>
            </section>

            <section aria-label="Stages">
              <h3>Stages — visits and days per visit</h3>
              <div className="table-scroll tall">
                <table className="wizard-table">
                  <thead>
                    <tr>
                      <th scope="col">Apply</th>
                      <th scope="col">Stage</th>
                      <th scope="col" className="num">Entries</th>
                      <th scope="col" className="num">Loop-backs</th>
                      <th scope="col" className="num">Open now</th>
                      <th scope="col" className="num">Model days</th>
                      <th scope="col" className="num">Median days</th>
                      <th scope="col" className="num">Mean days</th>
                      <th scope="col" className="num">Visits (n)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {calibration.stages.map((stage) => (
                      <tr key={stage.stageId} data-testid="calibration-stage">
                        <td>
                          <input
                            type="checkbox"
                            aria-label={`Apply the observed days of ${stage.name}`}
                            disabled={stage.meanDays === null}
                            checked={daysChosen.has(stage.stageId)}
                            onChange={() => setDaysChosen(toggle(daysChosen, stage.stageId))}
                          />
                        </td>
                        <th scope="row">{stage.name}</th>
                        <td className="num">{stage.entries}</td>
                        <td className="num">{stage.loopBacks}</td>
                        <td className="num">{stage.open}</td>
                        <td className="num">{stage.currentDays}</td>
                        <td className="num">{stage.medianDays === null ? '—' : round1(stage.medianDays)}</td>
                        <td className="num">{stage.meanDays === null ? '—' : round1(stage.meanDays)}</td>
                        <td className="num">
                          {stage.n}
                          {stage.smallSample && stage.n > 0 && <span className="small-n"> ⚠ few</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
            {calibration.warnings.length > 0 && (
              <details open>
                <summary>Notes ({calibration.warnings.length})</summary>
                <ul className="warning-list">
                  {calibration.warnings.map((warning, index) => (
                    <li key={index}>{warning}</li>
                  ))}
                </ul>
              </details>
            )}
          </div>
        )}
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" disabled={!calibration || chosenCount === 0} onClick={() => apply({ transitionsFrom: [...exitsChosen], stages: [...daysChosen] })}>
            Apply {chosenCount} chosen
          </button>
          <button type="button" className="primary" disabled={!calibration} onClick={() => apply('all')}>
            Apply all observed figures
          </button>
        </div>
      </div>
    </Modal>
  );
}

interface ExitGroup {
  from: string;
  rows: CalibratedTransition[];
  /** Some deal has left the stage: there is something to apply. */
  observed: boolean;
  smallSample: boolean;
}

/** Transitions grouped by the stage they leave: a stage's exits are applied together, summing to 1. */
function exitGroups(calibration: Calibration): ExitGroup[] {
  const groups = new Map<string, ExitGroup>();
  for (const row of calibration.transitions) {
    const group = groups.get(row.from) ?? { from: row.from, rows: [], observed: false, smallSample: false };
    group.rows.push(row);
    group.observed ||= row.observed !== null;
    group.smallSample ||= row.smallSample;
    groups.set(row.from, group);
  }
  return [...groups.values()];
}

function toggle(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

// A difference worth a glance: more than five percentage points.
function differs(row: CalibratedTransition): boolean {
  return row.observed !== null && Math.abs(row.observed - (row.current ?? 0)) > 0.05;
}

function round1(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}
