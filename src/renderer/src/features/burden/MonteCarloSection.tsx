import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Process } from '../../../../shared/model/schema';
import type { FieldOverrides } from '../../../../shared/sim/compile';
import type { Distribution } from '../../../../shared/sim/monteCarlo';
import { formatHours, formatMinutes } from '../../format';
import { finite, formatCount } from './burdenFormat';
import { histogramBars } from './burdenCharts';
import { parseSeed, RUN_SIZES } from './monteCarloInput';
import { problemSentence } from './problemSentence';
import { useBurden } from './burdenStore';
import type { McSummary } from './burdenStore';
import { useMonteCarlo } from './useMonteCarlo';
import { ChartNumbers } from './ChartNumbers';

interface MonteCarloSectionProps {
  doc: Process;
  overrides: FieldOverrides;
}

/** The Monte Carlo run on demand: spread of the burden, not just its mean. */
export function MonteCarloSection({ doc, overrides }: MonteCarloSectionProps): React.JSX.Element {
  const mc = useBurden((state) => state.mc);
  const runs = useBurden((state) => state.runs);
  const seed = useBurden((state) => state.seed);
  const setRuns = useBurden((state) => state.setRuns);
  const setSeed = useBurden((state) => state.setSeed);
  const [seedText, setSeedText] = useState(String(seed));
  const [seedError, setSeedError] = useState<string | null>(null);
  const { run, cancel } = useMonteCarlo();
  const running = mc.status === 'running';
  const whatIfCount = Object.keys(overrides).length;

  return (
    <div className="mc">
      <p className="small muted">
        Deals do not all take the same path or the same time. This samples {formatCount(runs)} opportunities walking the stage graph — fill times and stage
        durations drawn around their typical values — and reports the spread.
        {whatIfCount > 0 && <strong> Includes the current what-if changes.</strong>}
      </p>
      <div className="mc-controls">
        <label>
          Opportunities
          <select value={runs} disabled={running} onChange={(event) => setRuns(Number(event.target.value))}>
            {RUN_SIZES.map((n) => (
              <option key={n} value={n}>
                {formatCount(n)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Seed
          <input
            className="mc-seed"
            inputMode="numeric"
            value={seedText}
            disabled={running}
            aria-invalid={seedError ? true : undefined}
            aria-describedby={seedError ? 'mc-seed-error' : 'mc-seed-hint'}
            onChange={(event) => {
              setSeedText(event.target.value);
              const parsed = parseSeed(event.target.value);
              setSeedError(parsed.ok ? null : parsed.message);
              if (parsed.ok) setSeed(parsed.seed);
            }}
          />
        </label>
        {running ? (
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        ) : (
          <button type="button" className="primary" disabled={seedError !== null} onClick={() => run(doc, overrides, runs, seed)}>
            Run simulation
          </button>
        )}
      </div>
      {seedError ? (
        <div id="mc-seed-error" className="field-error" role="alert">
          {seedError}
        </div>
      ) : (
        <div id="mc-seed-hint" className="hint">
          The same seed gives the same result, so a number quoted in a meeting can be reproduced.
        </div>
      )}

      {mc.status === 'running' && (
        <div className="mc-progress">
          <label htmlFor="mc-progress">
            Simulating… {formatCount(mc.done)} of {formatCount(mc.total)} opportunities
          </label>
          <progress id="mc-progress" max={Math.max(1, mc.total)} value={mc.done} />
        </div>
      )}
      {mc.status === 'cancelled' && (
        <p className="muted" role="status">
          Cancelled after {formatCount(mc.done)} of {formatCount(mc.total)} opportunities.
        </p>
      )}
      {mc.status === 'error' && (
        <div className="banner banner-error" role="alert">
          <p>The simulation failed: {mc.message}</p>
        </div>
      )}
      {mc.status === 'refused' && (
        <div className="banner banner-error" role="alert">
          <div>
            <p>The simulation needs a valid process:</p>
            <ul className="refusal-list">
              {mc.problems.map((problem, i) => (
                <li key={i}>{problemSentence(problem, doc)}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {mc.status === 'done' && (
        <McResults
          summary={mc.summary}
          stale={mc.ranOn !== doc || mc.ranWith !== overrides}
        />
      )}
    </div>
  );
}

function McResults({ summary, stale }: { summary: McSummary; stale: boolean }): React.JSX.Element {
  const bars = histogramBars(summary.histogram);
  const m = summary.minutesPerOpportunity;
  return (
    <div className="mc-results" data-testid="mc-results">
      {stale && (
        <p className="banner banner-warning" role="status">
          The process or the what-if changed since this run — run it again to update.
        </p>
      )}
      <table className="burden-table mc-table" aria-label="Monte Carlo percentiles">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col" className="num">Mean</th>
            <th scope="col" className="num" title="1 in 10 opportunities (or rep-months) is below this">
              P10
            </th>
            <th scope="col" className="num">P50</th>
            <th scope="col" className="num" title="1 in 10 is above this">
              P90
            </th>
          </tr>
        </thead>
        <tbody>
          <DistRow label="Admin per deal" d={m} format={formatMinutes} />
          <DistRow label="Admin per rep-month" d={summary.hoursPerRepMonth} format={formatHours} />
          {summary.daysToClose && <DistRow label="Days to close" d={summary.daysToClose} format={(v) => `${Math.round(finite(v))} d`} />}
        </tbody>
      </table>
      <p className="small">
        Half the deals cost under <strong>{formatMinutes(m.p50)}</strong> of admin; one in ten costs over <strong>{formatMinutes(m.p90)}</strong>
        {m.p50 > 0 && m.p90 / m.p50 >= 2 ? ' — the long, looping deals carry most of the forms.' : '.'}
      </p>
      {bars.length > 0 && (
        <figure className="burden-chart">
          <figcaption>Admin minutes per opportunity, {formatCount(summary.runs)} simulated</figcaption>
          <div role="img" aria-label={`Histogram of admin minutes per opportunity: P10 ${formatMinutes(m.p10)}, median ${formatMinutes(m.p50)}, P90 ${formatMinutes(m.p90)}.`}>
            <ResponsiveContainer width="100%" height={190}>
              <BarChart data={bars} margin={{ top: 20, right: 8, bottom: 4, left: -14 }} barCategoryGap={1}>
                <CartesianGrid vertical={false} stroke="#e6e8ea" />
                <XAxis
                  dataKey="mid"
                  type="number"
                  domain={['dataMin', 'dataMax']}
                  tick={{ fontSize: 11 }}
                  tickFormatter={(v: number) => `${Math.round(v)}`}
                  unit=" min"
                />
                <YAxis tick={{ fontSize: 11 }} tickFormatter={(v: number) => `${Math.round(v)}%`} />
                <Tooltip
                  formatter={(value) => [`${Number(value).toFixed(1)}% of deals`, 'Share']}
                  labelFormatter={(_label, payload) => (payload?.[0]?.payload as { label?: string } | undefined)?.label ?? ''}
                />
                <Bar dataKey="percent" fill="#c2410c" isAnimationActive={false} />
                <ReferenceLine x={m.p50} stroke="#1d2329" strokeDasharray="4 3" label={{ value: 'P50', fontSize: 11, position: 'top' }} />
                <ReferenceLine x={m.p90} stroke="#1f5fbf" strokeDasharray="4 3" label={{ value: 'P90', fontSize: 11, position: 'top' }} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <ChartNumbers columns={[{ label: 'Minutes' }, { label: 'Deals', numeric: true }]}>
            {bars
              .filter((b) => b.count > 0)
              .map((b) => (
                <tr key={b.mid}>
                  <td>{b.label}</td>
                  <td className="num">{b.percent.toFixed(1)}%</td>
                </tr>
              ))}
          </ChartNumbers>
        </figure>
      )}
      <p className="small muted">
        {formatCount(summary.runs)} opportunities, seed {summary.seed}, {Math.round(summary.elapsedMs)} ms.
        {summary.truncated > 0 && ` ${formatCount(summary.truncated)} deals looped past the step limit and were cut off.`}
      </p>
    </div>
  );
}

function DistRow({ label, d, format }: { label: string; d: Distribution; format: (v: number) => string }): React.JSX.Element {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="num">{format(finite(d.mean))}</td>
      <td className="num">{format(finite(d.p10))}</td>
      <td className="num">
        <strong>{format(finite(d.p50))}</strong>
      </td>
      <td className="num">{format(finite(d.p90))}</td>
    </tr>
  );
}
