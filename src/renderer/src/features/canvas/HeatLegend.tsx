import { formatMinutes } from '../../format';

const BANDS = [
  { band: 'low', from: 0, to: 0.2 },
  { band: 'medium', from: 0.2, to: 0.5 },
  { band: 'high', from: 0.5, to: 0.85 },
  { band: 'highest', from: 0.85, to: 1 },
] as const;

/**
 * The heat view's key: what the colour measures, its scale in minutes, and the word each band
 * carries on the cards (so the reading does not depend on telling colours apart).
 */
export function HeatLegend({ heatByStage }: { heatByStage: ReadonlyMap<string, number> }): React.JSX.Element {
  let max = 0;
  for (const value of heatByStage.values()) max = Math.max(max, value);
  return (
    <div className="heat-legend" role="note" aria-label="Heat view legend" data-testid="heat-legend">
      <strong>Heat: admin minutes per deal</strong>
      <div className="heat-scale">
        {BANDS.map(({ band, from, to }) => (
          <div key={band} className={`heat-band heat-band-${band}`}>
            <span
              className="heat-swatch"
              style={{ background: `color-mix(in srgb, #d9480f ${Math.round(((from + to) / 2) * 75)}%, #ffffff)` }}
            />
            <span className="heat-word">{band}</span>
            <span className="heat-range">
              {formatMinutes(from * max)}–{formatMinutes(to * max)}
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}
