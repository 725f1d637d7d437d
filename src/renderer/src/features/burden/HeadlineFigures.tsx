import type { Scenario } from '../../../../shared/model/schema';
import { SELLING_TIME_REFERENCES } from '../../../../shared/sim/reference';
import type { BurdenComparison, BurdenRollup, Headline } from '../../../../shared/sim/rollup';
import { formatMoney } from '../../format';
import { finite, formatDelta, formatFigure, headlineSentence, percent, shareOfSellingTime, type FigureUnit } from './burdenFormat';

interface HeadlineFiguresProps {
  /** The figures shown: the what-if's when one is active, else the document's. */
  rollup: BurdenRollup;
  comparison: BurdenComparison | null;
  scenario: Scenario;
}

interface Figure {
  key: keyof Headline;
  label: string;
  unit: FigureUnit;
  detail: string;
}

/** The headline figures in words and numbers, with what-if deltas when a what-if is active. */
export function HeadlineFigures({ rollup, comparison, scenario }: HeadlineFiguresProps): React.JSX.Element {
  const h = rollup.headline;
  const currency = rollup.currency;
  const figures: Figure[] = [
    { key: 'minutesPerOpportunity', label: 'Minutes per deal', unit: 'minutes', detail: 'admin per opportunity, over its whole life' },
    {
      key: 'hoursPerRepPerMonth',
      label: 'Hours per rep, per month',
      unit: 'hours',
      detail: `${scenario.opportunitiesPerRepPerMonth} new opportunities a month`,
    },
    {
      key: 'shareOfWorkingTime',
      label: 'Share of working time',
      unit: 'share',
      detail: `of ${scenario.workingHoursPerMonth} h a month`,
    },
    {
      key: 'monthlyCost',
      label: 'Team cost per month',
      unit: 'money',
      detail: `${scenario.reps} reps × ${formatMoney(scenario.loadedHourlyCost, currency)} an hour`,
    },
    {
      key: 'unjustifiedShare',
      label: 'Unjustified share',
      unit: 'share',
      detail: `${formatFigure(h.unjustifiedTeamHoursPerMonth, 'hours', currency)} of team time a month on required fields with no why or no reader`,
    },
    {
      key: 'revenueEquivalentPerMonth',
      label: 'Selling time lost, as revenue',
      unit: 'money',
      detail: `${formatFigure(h.opportunitiesForgonePerMonth, 'count', currency)} opportunities a month could have been worked instead — their expected won value`,
    },
  ];
  const sellingShare = rollup.assumptions.sellingShare;
  return (
    <section className="burden-headline" aria-labelledby="burden-headline-title">
      <h2 id="burden-headline-title" className="visually-hidden">
        Headline figures
      </h2>
      <p className="burden-lede" data-testid="burden-lede">
        {comparison && <span className="whatif-tag">What-if</span>}
        {headlineSentence(h)}
      </p>
      <dl className="figure-grid">
        {figures.map((figure) => {
          const delta = comparison?.[figure.key];
          return (
            <div key={figure.key} className={`figure${figure.key === 'unjustifiedShare' && h.unjustifiedShare > 0.2 ? ' figure-alert' : ''}`} data-figure={figure.key}>
              <dt>{figure.label}</dt>
              <dd className="figure-value" data-testid={`figure-${figure.key}`} data-value={finite(h[figure.key])}>
                {formatFigure(h[figure.key], figure.unit, currency)}
              </dd>
              {delta && (
                <dd className={`figure-delta ${deltaClass(delta.delta)}`} data-testid={`delta-${figure.key}`} data-delta={finite(delta.delta)}>
                  {formatDelta(delta.delta, figure.unit, currency)}
                  <span className="muted"> from {formatFigure(delta.base, figure.unit, currency)}</span>
                </dd>
              )}
              <dd className="figure-detail">{figure.detail}</dd>
            </div>
          );
        })}
      </dl>
      <References share={h.shareOfWorkingTime} sellingShare={sellingShare} sellingSource={rollup.assumptions.sellingShareSource} />
    </section>
  );
}

function deltaClass(delta: number): string {
  if (Math.abs(finite(delta)) < 1e-9) return 'delta-none';
  return delta < 0 ? 'delta-better' : 'delta-worse';
}

/** Published selling-time figures next to this process's admin share, with their sources. */
function References({ share, sellingShare, sellingSource }: { share: number; sellingShare: number; sellingSource: string }): React.JSX.Element {
  const ofSelling = shareOfSellingTime({ shareOfWorkingTime: share } as Headline, sellingShare);
  return (
    <aside className="burden-reference" aria-label="Published reference figures">
      <p>
        <strong>For scale:</strong> these forms alone take <strong>{percent(share)}</strong> of working time —{' '}
        <strong>{percent(ofSelling)}</strong> of the {percent(sellingShare)} of time reps spend selling ({sellingSource}). Published surveys report:
      </p>
      <ul>
        {SELLING_TIME_REFERENCES.map((ref) => (
          <li key={`${ref.source}-${ref.measures}`}>
            <strong>{percent(ref.value)}</strong> {ref.measures === 'selling' ? 'selling' : 'on administration'} — {ref.claim} <cite>{ref.source}</cite>
          </li>
        ))}
      </ul>
      <details>
        <summary>Where to check each figure</summary>
        <ul>
          {SELLING_TIME_REFERENCES.map((ref) => (
            <li key={`${ref.source}-${ref.measures}-check`}>
              {ref.publication}, {ref.edition} ({ref.year}): {ref.checkAt}
            </li>
          ))}
        </ul>
      </details>
    </aside>
  );
}
