import type { BurdenDelta, FigureDelta } from './delta';
import type { ItemChange, ProcessDiff, PropertyChange } from './diff';
import type { HistoryRow } from './schema';

/**
 * Plain-text renderings of a diff report and a history list, for the CLI and for copying into a
 * ticket. Pure.
 */

const numberFormats = new Map<number, Intl.NumberFormat>();
function num(value: number, digits = 1): string {
  let f = numberFormats.get(digits);
  if (!f) numberFormats.set(digits, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return f.format(value);
}
const signed = (value: number, digits = 1) => `${value > 0 ? '+' : value < 0 ? '−' : '±'}${num(Math.abs(value), digits)}`;

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);
  if (typeof value === 'object' && value !== null) {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  }
  return String(value);
}

const props = (changes: readonly PropertyChange[]) => changes.map((c) => `${c.key} ${show(c.before)} → ${show(c.after)}`).join('; ');

function item(change: ItemChange, where?: string): string {
  const at = where ? ` (${where})` : '';
  switch (change.kind) {
    case 'added':
      return `  + added    ${change.label}${at}`;
    case 'removed':
      return `  - removed  ${change.label}${at}`;
    case 'moved':
      return `  > moved    ${change.label}: (${num(change.before.x, 0)}, ${num(change.before.y, 0)}) → (${num(change.after.x, 0)}, ${num(change.after.y, 0)})`;
    case 'changed':
      return `  ~ changed  ${change.label}${at}: ${props(change.changes)}`;
  }
}

function figure(label: string, f: FigureDelta, digits: number, unit: string): string {
  return `  ${label.padEnd(24)} ${num(f.before, digits)} → ${num(f.after, digits)} ${unit} (${signed(f.delta, digits)})`;
}

/** The text the CLI prints for `stagecraft diff`: summary, changes by kind, burden delta, data losses. */
export function formatDiffReport(report: { diff: ProcessDiff; summary: string; delta: BurdenDelta }, stageNames: ReadonlyMap<string, string> = new Map()): string {
  const { diff, summary, delta } = report;
  const lines: string[] = [`Summary: ${summary}`];
  const stage = (id: string) => stageNames.get(id) ?? id;
  const section = (title: string, changes: readonly ItemChange[], where?: (c: ItemChange) => string | undefined) => {
    if (changes.length === 0) return;
    lines.push('', `${title} (${changes.length})`);
    for (const c of changes) lines.push(item(c, where?.(c)));
  };
  if (diff.process.length) lines.push('', 'Process', `  ~ ${props(diff.process)}`);
  section('Stages', diff.stages);
  section('Transitions', diff.transitions);
  section('Fields', diff.fields, (c) => {
    const f = c as ItemChange<'fields'>;
    return f.kind === 'added' ? stage(f.after.stageId) : f.kind === 'removed' ? stage(f.before.stageId) : undefined;
  });
  section('Departments', diff.departments);
  section('KPIs', diff.kpis);
  if (diff.scenario.length) lines.push('', 'Scenario', `  ~ ${props(diff.scenario)}`);
  const reordered = [
    ...(['departments', 'stages', 'transitions', 'kpis'] as const).filter((k) => diff.order[k]),
    ...Object.keys(diff.order.fields ?? {}).map((id) => `fields on ${stage(id)}`),
  ];
  if (reordered.length) lines.push('', `Reordered: ${reordered.join(', ')}`);

  lines.push('', 'Admin burden (expected values)');
  const f = delta.figures;
  if (!f.ok) {
    lines.push(`  not computed: the ${f.side === 'before' ? 'old' : 'new'} document has errors`);
    for (const p of f.problems.slice(0, 5)) lines.push(`    ${p.path}: ${p.message}`);
  } else {
    lines.push(
      figure('Minutes per deal', f.minutesPerDeal, 1, 'min'),
      figure('Hours per rep per month', f.hoursPerRepPerMonth, 2, 'h'),
      figure('Team hours per month', f.teamHoursPerMonth, 1, 'h'),
      figure('Monthly cost', f.monthlyCost, 0, f.currency),
    );
    const changed = (rows: typeof f.byStage) => rows.filter((r) => Math.abs(r.minutesPerDeal.delta) > 1e-9);
    for (const [title, rows] of [['By requesting department', changed(f.byDepartment)], ['By stage', changed(f.byStage)]] as const) {
      if (rows.length === 0) continue;
      lines.push(`  ${title}`);
      for (const r of rows) {
        lines.push(
          `    ${r.label.padEnd(22)} ${signed(r.minutesPerDeal.delta, 2)} min/deal  ${signed(r.hoursPerRepPerMonth.delta, 2)} h/rep-month  ${signed(r.monthlyCost.delta, 0)} ${f.currency}/month`,
        );
      }
    }
  }
  if (delta.whoLosesData.length) {
    lines.push('', 'Who loses data');
    for (const l of delta.whoLosesData) {
      const readers = l.consumers.length ? l.consumers.map((c) => c.name).join(', ') : 'nobody recorded';
      const decision = l.decisionSupported.trim() ? `; decision: ${l.decisionSupported.trim()}` : '';
      lines.push(`  ${l.label} (${stage(l.stageId)}, ${l.change}): read by ${readers}; asked for by ${l.requestedBy.name}${decision}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One line per revision, newest first; autosaves folded into a group are indented under it. */
export function formatHistory(rows: readonly HistoryRow[]): string {
  const lines: string[] = [];
  for (const r of rows) {
    const inGroup = r.group !== r.revision;
    const who = r.author ? `${r.author.name} (${r.author.departmentId})` : '(unknown)';
    const when = `${r.at.slice(0, 10)} ${r.at.slice(11, 16)} UTC`;
    const extra = [
      r.reason ? `reason: ${r.reason}` : '',
      r.proposal ? `proposal "${r.proposal.title}" by ${r.proposal.author.name}, approved by ${r.proposal.approvers.map((a) => a.name).join(', ') || 'nobody'}` : '',
    ].filter(Boolean);
    lines.push(
      `${inGroup ? '  ·' : ''}${String(r.revision).padStart(inGroup ? 3 : 5)}  ${when}  ${who.padEnd(24)} ${r.kind.padEnd(8)} ${r.summary}${extra.length ? ` — ${extra.join('; ')}` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
