import { Bar, CartesianGrid, Cell, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FieldRow } from '../../../../shared/sim/rollup';
import { formatMinutes } from '../../format';
import { fieldsForShare, paretoBars } from './burdenCharts';
import { ChartNumbers } from './ChartNumbers';

const BAR = '#c2410c';
const BAR_UNJUSTIFIED = '#7c2d12';
const LINE = '#1f5fbf';

/**
 * Pareto of the heaviest fields: bars are admin minutes per rep-month (heaviest at the top, so the
 * labels stay readable in a narrow panel), the line the cumulative share of all admin time.
 */
export function ParetoChart({ fields }: { fields: readonly FieldRow[] }): React.JSX.Element {
  const bars = paretoBars(fields, 15);
  if (bars.length === 0) return <p className="empty-state">No field costs any time yet.</p>;
  const eighty = fieldsForShare(fields, 0.8);
  const costing = fields.filter((f) => f.secondsPerOpportunity > 0).length;
  const height = 56 + bars.length * 27;
  return (
    <figure className="burden-chart">
      <figcaption>
        <strong>{eighty} of {costing} fields</strong> make 80% of the admin time. Darker bars: required fields nobody has justified or reads.
      </figcaption>
      <div role="img" aria-label={`Pareto chart: admin minutes per rep per month for the ${bars.length} heaviest fields, with the cumulative share. ${eighty} fields make 80% of the time.`}>
        <ResponsiveContainer width="100%" height={height}>
          <ComposedChart data={bars} layout="vertical" margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid horizontal={false} stroke="#e6e8ea" />
            <XAxis xAxisId="min" type="number" orientation="bottom" tick={{ fontSize: 11 }} unit=" min" />
            <XAxis xAxisId="cum" type="number" orientation="top" domain={[0, 100]} ticks={[0, 50, 80, 100]} tick={{ fontSize: 11, fill: LINE }} unit="%" />
            <YAxis type="category" dataKey="shortLabel" width={150} tick={{ fontSize: 11.5 }} interval={0} />
            <Tooltip
              formatter={(value, name) =>
                name === 'cumulativePercent' ? [`${Math.round(Number(value))}%`, 'Cumulative share'] : [formatMinutes(Number(value)), 'Per rep per month']
              }
              labelFormatter={(_label, payload) => (payload?.[0]?.payload as { label?: string } | undefined)?.label ?? ''}
            />
            <Bar xAxisId="min" dataKey="minutes" barSize={15} isAnimationActive={false}>
              {bars.map((bar) => (
                <Cell key={bar.key} fill={bar.unjustified ? BAR_UNJUSTIFIED : BAR} />
              ))}
            </Bar>
            <Line xAxisId="cum" dataKey="cumulativePercent" stroke={LINE} strokeWidth={2} dot={{ r: 2.5 }} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <ChartNumbers columns={[{ label: 'Field' }, { label: 'Per rep-month', numeric: true }, { label: 'Cumulative', numeric: true }]}>
        {bars.map((bar) => (
          <tr key={bar.key}>
            <td>
              {bar.label}
              {bar.unjustified && <span className="concern" title="Required, with no justification or no reader"> ⚠</span>}
            </td>
            <td className="num">{formatMinutes(bar.minutes)}</td>
            <td className="num">{Math.round(bar.cumulativePercent)}%</td>
          </tr>
        ))}
      </ChartNumbers>
    </figure>
  );
}
