import { useEffect, useMemo } from 'react';
import { useEditor } from '../../store/editorStore';
import { computeBurdenPair } from './burdenView';
import { describeOverrides } from './whatIfView';
import { fieldsForShare } from './burdenCharts';
import { percent } from './burdenFormat';
import { pruneOverrides } from '../../../../shared/sim/whatIf';
import { useBurden } from './burdenStore';
import { DepartmentChart } from './DepartmentChart';
import { EngineRefusal } from './EngineRefusal';
import { HeadlineFigures } from './HeadlineFigures';
import { KpiEditor } from './KpiEditor';
import { MonteCarloSection } from './MonteCarloSection';
import { ParetoChart } from './ParetoChart';
import { ScenarioEditor, scenarioSummary } from './ScenarioEditor';
import { Section } from './Section';
import { StageTable } from './StageTable';
import { WhatIfPanel } from './WhatIfPanel';
import { EditLock } from '../inspector/EditLock';

/**
 * The "Admin burden" tab: what the required fields cost reps, who asked for them, what changes
 * would save, how much the burden varies, and whether the KPI targets fit the process.
 * Figures come from the expected-value engine and are recomputed on every edit.
 */
export function BurdenPanel(): React.JSX.Element {
  const doc = useEditor((state) => state.doc);
  const attach = useBurden((state) => state.attach);
  const storedOverrides = useBurden((state) => state.overrides);

  const processId = doc?.id;
  useEffect(() => {
    if (processId) attach(processId);
  }, [processId, attach]);

  // Fields deleted or retired since the what-if was set drop out of it.
  const overrides = useMemo(() => (doc ? pruneOverrides(storedOverrides, doc) : storedOverrides), [doc, storedOverrides]);
  const pair = useMemo(() => (doc ? computeBurdenPair(doc, overrides) : null), [doc, overrides]);
  if (!doc || !pair) return <></>;

  const { base, whatIf, comparison } = pair;
  const kpiFindings = base.ok ? base.findings : null;
  const kpiNote = kpiFindings
    ? kpiFindings.some((f) => f.severity === 'error')
      ? `${kpiFindings.filter((f) => f.severity === 'error').length} cannot hold`
      : `${doc.kpis.length} targets`
    : `${doc.kpis.length} targets`;

  return (
    <div className="burden-panel" data-testid="burden-panel">
      {!base.ok ? (
        <EngineRefusal problems={base.problems} doc={doc} />
      ) : (
        <>
          {whatIf && !whatIf.ok && <EngineRefusal problems={whatIf.problems} doc={doc} what="The what-if" />}
          {whatIf && whatIf.ok && (
            <p className="whatif-banner" role="status">
              Showing the what-if ({describeOverrides(overrides)}). The process itself is unchanged.
            </p>
          )}
          <HeadlineFigures rollup={whatIf && whatIf.ok ? whatIf.rollup : base.rollup} comparison={comparison} scenario={doc.scenario} />

          <Section
            id="where"
            title="Where the time goes"
            defaultOpen
            note={`${fieldsForShare((whatIf?.ok ? whatIf : base).rollup.fields, 0.8)} fields make 80%`}
          >
            <h3>Heaviest fields</h3>
            <ParetoChart fields={(whatIf?.ok ? whatIf : base).rollup.fields} />
            <h3>Who asks for it</h3>
            <DepartmentChart
              byRequester={(whatIf?.ok ? whatIf : base).rollup.byRequester}
              byConsumer={(whatIf?.ok ? whatIf : base).rollup.byConsumer}
              departments={doc.departments}
            />
            <h3>By stage</h3>
            <StageTable stages={(whatIf?.ok ? whatIf : base).rollup.stages} />
          </Section>

          <Section
            id="whatif"
            title="What if…"
            note={Object.keys(overrides).length > 0 ? `${Object.keys(overrides).length} changed` : 'switch fields off, change times'}
          >
            <WhatIfPanel doc={doc} fields={base.rollup.fields} overrides={overrides} />
          </Section>

          <Section id="mc" title="Simulate the spread" note="Monte Carlo, on demand">
            <MonteCarloSection doc={doc} overrides={overrides} />
          </Section>
        </>
      )}

      <Section id="kpis" title="KPI targets vs this process" defaultOpen note={kpiNote}>
        <EditLock>
          <KpiEditor doc={doc} findings={kpiFindings} />
        </EditLock>
      </Section>

      <Section id="scenario" title="Assumptions" note={scenarioSummary(doc.scenario)}>
        <EditLock>
          <ScenarioEditor scenario={doc.scenario} />
        </EditLock>
      </Section>
      {base.ok && (
        <p className="small muted burden-footnote">
          Expected values from the stage graph’s probabilities; the win probability is {percent(base.rollup.headline.winProbability)} and an average deal takes{' '}
          {Math.round(base.rollup.headline.daysToClose)} days to close.
        </p>
      )}
    </div>
  );
}
