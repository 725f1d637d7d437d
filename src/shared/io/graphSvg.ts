import { stageMetrics, exitSums } from '../model/metrics';
import type { Process, Stage, Transition } from '../model/schema';
import { computeExpectedBurden } from '../sim/expected';

/**
 * The stage graph as a standalone SVG string, drawn from the document alone — for the workshop
 * report, the rep handout and `stagecraft export --format svg`, where there is no DOM to capture.
 * Stages sit where the canvas put them; arrows carry their probability. It prints legibly in
 * black and white: outcomes are told apart by border (double for won, dashed for lost), not only
 * by colour, and the heat view shades stages in grey by admin minutes per deal.
 */

/** Size of a stage box, px; close to the canvas card so positions keep their spacing. */
export const STAGE_BOX = { width: 250, height: 108 } as const;

/** Options for `graphSvg`. */
export interface GraphSvgOptions {
  /** Shade stages by admin minutes per deal (darker = heavier). Default false. */
  heat?: boolean;
  /** Accessible title; default the process name. */
  title?: string;
}

const PAD = 40;

/** XML-escapes text for element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

interface Box {
  stage: Stage;
  x: number;
  y: number;
}

// Where the segment from the centre of `a` towards `b` leaves a's box.
function borderPoint(a: Box, b: Box): { x: number; y: number } {
  const cx = a.x + STAGE_BOX.width / 2;
  const cy = a.y + STAGE_BOX.height / 2;
  const dx = b.x + STAGE_BOX.width / 2 - cx;
  const dy = b.y + STAGE_BOX.height / 2 - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const sx = dx === 0 ? Infinity : STAGE_BOX.width / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : STAGE_BOX.height / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  return { x: cx + dx * s, y: cy + dy * s };
}

/** Draws the process as SVG markup (no XML declaration), sized to its content. Pure. */
export function graphSvg(process: Process, options: GraphSvgOptions = {}): string {
  const boxes = new Map<string, Box>(process.stages.map((stage) => [stage.id, { stage, x: stage.position.x, y: stage.position.y }]));
  const xs = process.stages.map((s) => s.position.x);
  const ys = process.stages.map((s) => s.position.y);
  const minX = (xs.length ? Math.min(...xs) : 0) - PAD;
  const minY = (ys.length ? Math.min(...ys) : 0) - PAD;
  const width = (xs.length ? Math.max(...xs) : 0) + STAGE_BOX.width + PAD - minX;
  const height = (ys.length ? Math.max(...ys) : 0) + STAGE_BOX.height + PAD - minY;

  const expected = computeExpectedBurden(process);
  const flows = expected.ok ? new Map(expected.stages.map((s) => [s.stageId, s])) : undefined;
  const sums = exitSums(process);
  const metrics = new Map(
    process.stages.map((stage) => {
      const flow = flows?.get(stage.id);
      return [
        stage.id,
        stageMetrics(stage, {
          exitSum: sums.get(stage.id) ?? 0,
          defaultFillRate: process.scenario.defaultFillRate,
          ...(flow ? { flow: { visits: flow.visitsPerOpportunity, reach: flow.reachProbability } } : {}),
        }),
      ];
    }),
  );
  const heaviest = Math.max(1e-9, ...[...metrics.values()].map((m) => m.adminMinutesPerDeal ?? m.adminMinutesPerVisit));

  const pairs = new Set(process.transitions.map((t) => `${t.from}>${t.to}`));
  const edges = process.transitions
    .map((t) => edge(t, boxes, pairs.has(`${t.to}>${t.from}`)))
    .filter((markup) => markup !== '')
    .join('');
  const nodes = process.stages
    .map((stage) => {
      const m = metrics.get(stage.id)!;
      const minutes = m.adminMinutesPerDeal ?? m.adminMinutesPerVisit;
      const shade = options.heat ? Math.round(255 - 120 * Math.min(1, minutes / heaviest)) : 255;
      return node(boxes.get(stage.id)!, m.activeFieldCount, m.requiredCount, minutes, m.adminMinutesPerDeal !== null, m.openConcernCount, shade);
    })
    .join('');
  const title = escapeXml(options.title ?? process.name);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${fmt(minX)} ${fmt(minY)} ${fmt(width)} ${fmt(height)}" width="${fmt(width)}" height="${fmt(height)}" role="img" aria-label="${title}" font-family="Helvetica, Arial, sans-serif">` +
    `<title>${title}</title>` +
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#222"/></marker></defs>' +
    `<rect x="${fmt(minX)}" y="${fmt(minY)}" width="${fmt(width)}" height="${fmt(height)}" fill="#fff"/>` +
    `<g class="edges">${edges}</g><g class="stages">${nodes}</g></svg>`
  );
}

function edge(t: Transition, boxes: Map<string, Box>, hasReverse: boolean): string {
  const a = boxes.get(t.from);
  const b = boxes.get(t.to);
  if (!a || !b || a === b) return '';
  const p = borderPoint(a, b);
  const q = borderPoint(b, a);
  // Two arrows between the same stages bend apart so both labels stay readable.
  const mx = (p.x + q.x) / 2;
  const my = (p.y + q.y) / 2;
  const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
  const bend = hasReverse ? 26 : 0;
  const cx = mx + (-(q.y - p.y) / len) * bend;
  const cy = my + ((q.x - p.x) / len) * bend;
  const lx = (p.x + 2 * cx + q.x) / 4;
  const ly = (p.y + 2 * cy + q.y) / 4;
  const label = `${fmt(t.probability * 100)}%`;
  const labelWidth = label.length * 8.6 + 10;
  return (
    `<path d="M${fmt(p.x)},${fmt(p.y)} Q${fmt(cx)},${fmt(cy)} ${fmt(q.x)},${fmt(q.y)}" fill="none" stroke="#222" stroke-width="1.8" marker-end="url(#arrow)"${t.probability === 0 ? ' stroke-dasharray="2 3"' : ''}/>` +
    `<rect x="${fmt(lx - labelWidth / 2)}" y="${fmt(ly - 11)}" width="${fmt(labelWidth)}" height="22" rx="4" fill="#fff" stroke="#666" stroke-width="0.8"/>` +
    `<text x="${fmt(lx)}" y="${fmt(ly + 5.5)}" font-size="15" text-anchor="middle" fill="#000">${escapeXml(label)}</text>`
  );
}

function node(box: Box, fields: number, required: number, minutes: number, perDeal: boolean, concerns: number, shade: number): string {
  const { stage, x, y } = box;
  const w = STAGE_BOX.width;
  const h = STAGE_BOX.height;
  const fill = `rgb(${shade},${shade},${shade})`;
  const border =
    stage.kind === 'won'
      ? `<rect x="${fmt(x + 3)}" y="${fmt(y + 3)}" width="${w - 6}" height="${h - 6}" rx="6" fill="none" stroke="#111" stroke-width="1"/>`
      : '';
  const dash = stage.kind === 'lost' ? ' stroke-dasharray="6 3"' : '';
  const kind = stage.kind === 'start' ? 'START' : stage.kind === 'won' ? 'WON' : stage.kind === 'lost' ? 'LOST' : '';
  const lines = [
    `${fields} field${fields === 1 ? '' : 's'}, ${required} required`,
    `${fmt(minutes)} min per ${perDeal ? 'deal' : 'visit'}`,
  ];
  const concern = concerns > 0 ? `<text x="${fmt(x + w - 10)}" y="${fmt(y + 22)}" font-size="15" text-anchor="end" font-weight="bold" fill="#000">⚠ ${concerns}</text>` : '';
  return (
    `<g class="stage" data-stage-id="${escapeXml(stage.id)}">` +
    `<rect x="${fmt(x)}" y="${fmt(y)}" width="${w}" height="${h}" rx="8" fill="${fill}" stroke="#111" stroke-width="${stage.kind === 'start' ? 2.4 : 1.4}"${dash}/>` +
    border +
    (kind ? `<text x="${fmt(x + 12)}" y="${fmt(y + 21)}" font-size="12" letter-spacing="1" fill="#222">${kind}</text>` : '') +
    concern +
    `<text x="${fmt(x + 12)}" y="${fmt(y + 46)}" font-size="20" font-weight="bold" fill="#000">${escapeXml(truncate(stage.name, 20))}</text>` +
    lines.map((line, i) => `<text x="${fmt(x + 12)}" y="${fmt(y + 70 + i * 19)}" font-size="15" fill="#000">${escapeXml(line)}</text>`).join('') +
    '</g>'
  );
}
