import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Department } from '../../../../shared/model/schema';
import type { Bucket } from '../../../../shared/sim/rollup';
import { formatMinutes } from '../../format';
import { percent } from './burdenFormat';
import { ChartNumbers } from './ChartNumbers';

interface DepartmentChartProps {
  byRequester: readonly Bucket[];
  byConsumer: readonly Bucket[];
  departments: readonly Department[];
}

const NOBODY_COLOR = '#9aa3ad';

/** Admin time by the department that asked for the fields, and by the department that reads them. */
export function DepartmentChart({ byRequester, byConsumer, departments }: DepartmentChartProps): React.JSX.Element {
  const color = new Map(departments.map((d) => [d.id, d.color]));
  const requested = byRequester.filter((b) => b.secondsPerOpportunity > 0);
  const nobody = byConsumer.find((b) => b.key === 'nobody');
  if (requested.length === 0) return <p className="empty-state">No field costs any time yet.</p>;
  const top = [...requested].sort((a, b) => b.minutesPerRepMonth - a.minutesPerRepMonth)[0]!;
  return (
    <figure className="burden-chart">
      <figcaption>
        <strong>{top.label}</strong> asks for the most: {percent(top.share)} of the time.
        {nobody && nobody.share > 0 && (
          <>
            {' '}
            <strong>{percent(nobody.share)}</strong> goes on fields nobody is recorded as reading.
          </>
        )}
      </figcaption>
      <div role="img" aria-label={`Bar chart: admin minutes per rep per month by requesting department. ${requested.map((b) => `${b.label} ${formatMinutes(b.minutesPerRepMonth)}`).join(', ')}.`}>
        <ResponsiveContainer width="100%" height={40 + requested.length * 30}>
          <BarChart data={requested} layout="vertical" margin={{ top: 4, right: 12, bottom: 4, left: 0 }}>
            <CartesianGrid horizontal={false} stroke="#e6e8ea" />
            <XAxis type="number" tick={{ fontSize: 11 }} unit=" min" />
            <YAxis type="category" dataKey="label" width={130} tick={{ fontSize: 12 }} interval={0} />
            <Tooltip formatter={(value) => [formatMinutes(Number(value)), 'Per rep per month']} />
            <Bar dataKey="minutesPerRepMonth" barSize={18} isAnimationActive={false}>
              {requested.map((b) => (
                <Cell key={b.key} fill={color.get(b.key) ?? NOBODY_COLOR} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ChartNumbers columns={[{ label: 'Department' }, { label: 'Asks for', numeric: true }, { label: 'Reads', numeric: true }]}>
        {[...new Set([...byRequester.map((b) => b.key), ...byConsumer.map((b) => b.key)])].map((key) => {
          const asked = byRequester.find((b) => b.key === key);
          const read = byConsumer.find((b) => b.key === key);
          return (
            <tr key={key}>
              <td>
                <span className="swatch" style={{ background: color.get(key) ?? NOBODY_COLOR }} /> {asked?.label ?? read?.label ?? key}
              </td>
              <td className="num">{asked ? `${formatMinutes(asked.minutesPerRepMonth)} · ${percent(asked.share)}` : '—'}</td>
              <td className="num">{read ? `${formatMinutes(read.minutesPerRepMonth)} · ${percent(read.share)}` : '—'}</td>
            </tr>
          );
        })}
      </ChartNumbers>
    </figure>
  );
}
