import { formatMinutes, formatPercent } from '../../format';
import { useEditor } from '../../store/editorStore';

const BANDS = [
  { band: 'low', from: 0, to: 0.2 },
  { band: 'medium', from: 0.2, to: 0.5 },
  { band: 'high', from: 0.5, to: 0.85 },
  { band: 'highest', from: 0.85, to: 1 },
] as const;

interface HeatLegendProps {
  heatByStage: ReadonlyMap<string, number>;
  /** Admin minutes per deal (scaled to the busiest stage), or the share of votes to drop (0..1). */
  kind?: 'minutes' | 'votes';
  /** In a live workshop with the votes visible: offer the switch between the two. */
  votesAvailable?: boolean;
}

/**
 * The heat view's key: what the colour measures, its scale (minutes, or the share of the room's
 * votes to drop), and the word each band carries on the cards (so the reading does not depend on
 * telling colours apart).
 */
export function HeatLegend({ heatByStage, kind = 'minutes', votesAvailable = false }: HeatLegendProps): React.JSX.Element {
  let max = 0;
  for (const value of heatByStage.values()) max = Math.max(max, value);
  const range = (from: number, to: number): string =>
    kind === 'votes' ? `${formatPercent(from)}–${formatPercent(to)}` : `${formatMinutes(from * max)}–${formatMinutes(to * max)}`;
  return (
    <div className="heat-legend" role="note" aria-label="Heat view legend" data-testid="heat-legend" data-heat-kind={kind}>
      {votesAvailable && (
        <div className="heat-kind" role="group" aria-label="Heat shows">
          <button type="button" aria-pressed={kind === 'minutes'} onClick={() => useEditor.getState().setHeatMode('minutes')}>
            Minutes
          </button>
          <button type="button" aria-pressed={kind === 'votes'} onClick={() => useEditor.getState().setHeatMode('votes')}>
            Votes
          </button>
        </div>
      )}
      <strong>{kind === 'votes' ? 'Heat: share of the room’s votes to drop a stage’s fields' : 'Heat: admin minutes per deal'}</strong>
      {kind === 'votes' && <div className="heat-note">Stages nobody has voted on stay white.</div>}
      <div className="heat-scale">
        {BANDS.map(({ band, from, to }) => (
          <div key={band} className={`heat-band heat-band-${band}`}>
            <span
              className="heat-swatch"
              style={{ background: `color-mix(in srgb, #d9480f ${Math.round(((from + to) / 2) * 75)}%, #ffffff)` }}
            />
            <span className="heat-word">{band}</span>
            <span className="heat-range">{range(from, to)}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
