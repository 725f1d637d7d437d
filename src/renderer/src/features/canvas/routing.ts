/**
 * Edge routes that keep arrows off the cards. React Flow draws an edge from handle to handle;
 * a straight curve from Qualified to Closed Lost would cut through every card in between, and a
 * loop back from Proposal to Discovery through both. Here each transition gets either a direct
 * curve (nothing in its way) or an orthogonal route along a lane above or below the cards it
 * passes, with each lane on its own height so parallel routes do not merge. Pure: unit-tested.
 */

/** A card's box in flow coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How one edge is drawn. `laneY` is the height of its horizontal run (lane routes only). */
export type Route = { kind: 'direct' } | { kind: 'self' } | { kind: 'lane'; side: 'above' | 'below'; laneY: number };

/** Distance from the cards to the first lane, and between lanes, flow px. */
export const LANE_GAP = 26;
export const LANE_STEP = 16;
/**
 * Handles sit this far below a card's top edge, not at its middle, so cards of different heights
 * in one row connect with level lines. Keep in step with `.react-flow__handle` in styles.css.
 */
export const HANDLE_Y = 44;
/** How far an orthogonal route runs straight out of and into a handle, flow px. */
export const STUB = 18;

interface EdgeEnds {
  id: string;
  from: string;
  to: string;
}

/** Routes for every edge whose both ends have a box. */
export function routeEdges(edges: readonly EdgeEnds[], boxes: ReadonlyMap<string, Box>): Map<string, Route> {
  const routes = new Map<string, Route>();
  const across = spanIndex(boxes);
  // Shorter spans take the inner lanes, so longer routes wrap around them without crossing.
  const pending: Array<{ id: string; side: 'above' | 'below'; lo: number; hi: number; base: number }> = [];
  for (const edge of edges) {
    const source = boxes.get(edge.from);
    const target = boxes.get(edge.to);
    if (!source || !target) continue;
    if (edge.from === edge.to) {
      routes.set(edge.id, { kind: 'self' });
      continue;
    }
    const sx = source.x + source.width;
    const sy = source.y + Math.min(HANDLE_Y, source.height / 2);
    const tx = target.x;
    const ty = target.y + Math.min(HANDLE_Y, target.height / 2);
    const forward = tx > sx;
    if (forward) {
      const top = Math.min(sy, ty) - 12;
      const bottom = Math.max(sy, ty) + 12;
      const blocked = across(sx, tx, (id, box) => id !== edge.from && id !== edge.to && box.y < bottom && box.y + box.height > top);
      if (!blocked) {
        routes.set(edge.id, { kind: 'direct' });
        continue;
      }
    }
    const lo = Math.min(sx, tx) - STUB;
    const hi = Math.max(sx, tx) + STUB;
    const side: 'above' | 'below' = forward && ty < source.y ? 'above' : 'below';
    // The lane clears every card the route passes (backward routes their own ends too, forward
    // ones only what lies between): above the highest or below the lowest.
    let base = side === 'above' ? source.y : source.y + source.height;
    across(lo, hi, (id, box) => {
      if (forward && (id === edge.from || id === edge.to)) return;
      if (side === 'above') {
        if (id !== edge.to) base = Math.min(base, box.y);
      } else {
        base = Math.max(base, box.y + box.height);
      }
    });
    base += side === 'above' ? -LANE_GAP : LANE_GAP;
    pending.push({ id: edge.id, side, lo, hi, base });
  }
  pending.sort((a, b) => a.hi - a.lo - (b.hi - b.lo));
  // Lanes taken so far on each side, kept sorted by height so that the heights an overlapping
  // route must avoid come out already in the order the search meets them.
  const taken = { above: [] as Array<{ lo: number; hi: number; y: number }>, below: [] as Array<{ lo: number; hi: number; y: number }> };
  for (const item of pending) {
    const lanes = taken[item.side];
    const direction = item.side === 'above' ? -1 : 1;
    const overlapping: number[] = [];
    for (let index = 0; index < lanes.length; index++) {
      const other = lanes[direction === 1 ? index : lanes.length - 1 - index] as { lo: number; hi: number; y: number };
      if (other.lo < item.hi && other.hi > item.lo) overlapping.push(other.y);
    }
    const y = firstFreeLane(item.base, direction, overlapping);
    let at = 0;
    let end = lanes.length;
    while (at < end) {
      const middle = (at + end) >> 1;
      if ((lanes[middle] as { y: number }).y <= y) at = middle + 1;
      else end = middle;
    }
    lanes.splice(at, 0, { lo: item.lo, hi: item.hi, y });
    routes.set(item.id, { kind: 'lane', side: item.side, laneY: y });
  }
  return routes;
}

/**
 * The boxes a horizontal span crosses: `visit(lo, hi, fn)` calls `fn` for every box with x < hi
 * and x + width > lo, in no particular order, and stops early when `fn` returns true (it then
 * returns true too). Boxes are sorted by x once, so a short span looks at its neighbours only
 * rather than at every card (817 edges × 300 cards on the bench process), and nothing is
 * allocated per query.
 */
function spanIndex(boxes: ReadonlyMap<string, Box>): (lo: number, hi: number, fn: (id: string, box: Box) => boolean | void) => boolean {
  const byX = [...boxes].map(([id, box]) => ({ id, box })).sort((a, b) => a.box.x - b.box.x);
  const widest = byX.reduce((max, { box }) => Math.max(max, box.width), 0);
  return (lo, hi, fn) => {
    // First box that could reach past `lo`: its x must exceed lo − widest.
    let start = 0;
    let end = byX.length;
    while (start < end) {
      const middle = (start + end) >> 1;
      if ((byX[middle] as { box: Box }).box.x <= lo - widest) start = middle + 1;
      else end = middle;
    }
    for (let index = start; index < byX.length; index++) {
      const { id, box } = byX[index] as { id: string; box: Box };
      if (box.x >= hi) break;
      if (box.x + box.width > lo && fn(id, box) === true) return true;
    }
    return false;
  };
}

/**
 * The first of the heights `base`, `base + direction × LANE_STEP`, `base + 2 × direction × LANE_STEP` …
 * that no height in `used` comes within LANE_STEP / 2 of. One sweep over `used` sorted in the
 * direction of travel (sorting is linear when `used` comes in that order already): on the
 * 300-stage bench ~300 routes to Lost overlap, and testing every candidate against every used
 * lane made routing cubic.
 */
export function firstFreeLane(base: number, direction: 1 | -1, used: number[]): number {
  // Work in "distance along the direction of travel", where the search only ever moves up.
  const ahead = used.map((y) => direction * y).sort((a, b) => a - b);
  let at = direction * base;
  let next = 0;
  for (;;) {
    while (next < ahead.length && (ahead[next] as number) <= at - LANE_STEP / 2) next++;
    if (next < ahead.length && (ahead[next] as number) < at + LANE_STEP / 2) {
      at += LANE_STEP;
      continue;
    }
    return direction * at;
  }
}

/**
 * SVG path and label point of a lane route from a right-hand source handle to a left-hand
 * target handle: out, to the lane, along it, back to the target's height, in. Corners rounded.
 */
export function lanePath(sx: number, sy: number, tx: number, ty: number, laneY: number): { path: string; labelX: number; labelY: number } {
  const x1 = sx + STUB;
  const x2 = tx - STUB;
  const points: Array<[number, number]> = [
    [sx, sy],
    [x1, sy],
    [x1, laneY],
    [x2, laneY],
    [x2, ty],
    [tx, ty],
  ];
  return { path: roundedPath(points, 10), labelX: (x1 + x2) / 2, labelY: laneY };
}

/** A self-loop over the top right corner of the card. */
export function selfLoopPath(sx: number, sy: number, tx: number, ty: number, box: Box | undefined): { path: string; labelX: number; labelY: number } {
  const top = (box?.y ?? Math.min(sy, ty) - 60) - LANE_GAP;
  const x1 = sx + STUB;
  const x2 = tx - STUB;
  return { path: roundedPath([[sx, sy], [x1, sy], [x1, top], [x2, top], [x2, ty], [tx, ty]], 10), labelX: (sx + tx) / 2, labelY: top };
}

function roundedPath(points: ReadonlyArray<[number, number]>, radius: number): string {
  let d = `M ${points[0]![0]},${points[0]![1]}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [px, py] = points[i - 1]!;
    const [cx, cy] = points[i]!;
    const [nx, ny] = points[i + 1]!;
    const inLen = Math.hypot(cx - px, cy - py);
    const outLen = Math.hypot(nx - cx, ny - cy);
    const r = Math.min(radius, inLen / 2, outLen / 2);
    if (r <= 0) {
      d += ` L ${cx},${cy}`;
      continue;
    }
    const ax = cx - ((cx - px) / inLen) * r;
    const ay = cy - ((cy - py) / inLen) * r;
    const bx = cx + ((nx - cx) / outLen) * r;
    const by = cy + ((ny - cy) / outLen) * r;
    d += ` L ${ax},${ay} Q ${cx},${cy} ${bx},${by}`;
  }
  const last = points[points.length - 1]!;
  return `${d} L ${last[0]},${last[1]}`;
}

/**
 * A point on the bezier React Flow draws from a right-hand source handle to a left-hand target
 * handle (its control points sit half the horizontal gap out, or curve around when the target is
 * behind), at parameter `t` in 0..1.
 */
export function bezierPoint(sx: number, sy: number, tx: number, ty: number, t: number): { x: number; y: number } {
  const gap = tx - sx;
  const offset = gap >= 0 ? 0.5 * gap : 0.25 * 25 * Math.sqrt(-gap);
  const c1x = sx + offset;
  const c2x = tx - offset;
  const u = 1 - t;
  const x = u * u * u * sx + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * tx;
  const y = u * u * u * sy + 3 * u * u * t * sy + 3 * u * t * t * ty + t * t * t * ty;
  return { x, y };
}

/** Where along its curve (0..1) a direct edge's label sits; 0.5 unless another label would cover it. */
export type LabelSpots = Map<string, number>;

/** Label boxes closer than this (flow px) count as covering each other. */
const LABEL_CLEARANCE = { x: 48, y: 24 };

/**
 * Moves the labels of direct edges whose midpoints would overlap (two arrows crossing in the same
 * gap) along their own curves, apart from each other, so every percentage stays readable and
 * clickable. Labels stay between 30% and 70% of the curve, clear of the handles.
 */
export function spreadDirectLabels(
  edges: ReadonlyArray<{ id: string; from: string; to: string }>,
  boxes: ReadonlyMap<string, Box>,
): LabelSpots {
  const spots: LabelSpots = new Map();
  type Ends = { id: string; sx: number; sy: number; tx: number; ty: number; mid: { x: number; y: number } };
  const ends: Ends[] = edges.flatMap((edge) => {
    const a = boxes.get(edge.from);
    const b = boxes.get(edge.to);
    if (!a || !b) return [];
    const sx = a.x + a.width;
    const sy = a.y + a.height / 2;
    const tx = b.x;
    const ty = b.y + b.height / 2;
    return [{ id: edge.id, sx, sy, tx, ty, mid: bezierPoint(sx, sy, tx, ty, 0.5) }];
  });
  // Midpoints sorted by x: each label compares itself only with those in its x window (the
  // test below is still the exact one), not with every direct edge.
  const byX = ends.map((_, index) => index).sort((a, b) => (ends[a] as Ends).mid.x - (ends[b] as Ends).mid.x);
  const grouped = new Set<string>();
  for (const edge of ends) {
    if (grouped.has(edge.id)) continue;
    let first = 0;
    let end = byX.length;
    while (first < end) {
      const middle = (first + end) >> 1;
      if ((ends[byX[middle] as number] as Ends).mid.x <= edge.mid.x - LABEL_CLEARANCE.x - 1) first = middle + 1;
      else end = middle;
    }
    const near: number[] = [];
    for (let k = first; k < byX.length; k++) {
      const index = byX[k] as number;
      const other = ends[index] as Ends;
      if (other.mid.x >= edge.mid.x + LABEL_CLEARANCE.x + 1) break;
      if (
        !grouped.has(other.id) &&
        Math.abs(other.mid.x - edge.mid.x) < LABEL_CLEARANCE.x &&
        Math.abs(other.mid.y - edge.mid.y) < LABEL_CLEARANCE.y
      ) {
        near.push(index);
      }
    }
    if (near.length < 2) continue;
    // In the edges' own order before sorting by height, so that ties keep it.
    const group = near.sort((a, b) => a - b).map((index) => ends[index] as Ends);
    group.sort((p, q) => p.sy - q.sy || p.ty - q.ty);
    const step = Math.min(0.2, 0.4 / (group.length - 1));
    group.forEach((member, index) => {
      grouped.add(member.id);
      spots.set(member.id, 0.5 + (index - (group.length - 1) / 2) * step);
    });
  }
  return spots;
}
