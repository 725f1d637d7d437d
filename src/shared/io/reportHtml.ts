import { reviewFacts, isUnjustified, isUnread } from '../model/rules';
import type { Field, Process, Stage } from '../model/schema';
import { SELLING_TIME_REFERENCES } from '../sim/reference';
import { computeExpectedBurden } from '../sim/expected';
import { buildBurdenReport, type BurdenReport } from '../sim/report';
import type { Calibration } from './calibrate';
import { escapeXml, graphSvg } from './graphSvg';
import { openChallenges } from '../review/fieldReview';

/**
 * The workshop report: one self-contained HTML file (no scripts, no external fetches; the graph is
 * inline SVG or a data URL) that a facilitator mails around or prints. It is written for paper
 * first: black text, borders and weights rather than colour carry meaning, tables repeat their
 * header on each page, and the page size is left to the printer so A4 and Letter both fit.
 */

/** One item of review work (a challenge, comment, proposal or decision) to list in the report. */
export interface ReportReviewItem {
  kind: 'challenge' | 'comment' | 'proposal' | 'decision';
  /** What it is about: a field or stage name. */
  subject: string;
  text: string;
  author?: string;
  /** `open`, `accepted`, `rejected`… as the review feature names it. */
  status?: string;
  /** ISO date or timestamp. */
  date?: string;
}

/** What goes into a report besides the process. */
export interface ReportOptions {
  /** When the report is made (ISO timestamp); printed on it. */
  now: string;
  /**
   * The graph picture: inline SVG markup or an image data URL (the renderer's html-to-image
   * capture). Default: `graphSvg(process)`.
   */
  graphImage?: string;
  /** Observed-vs-model figures, when a history has been loaded. */
  calibration?: Calibration;
  /**
   * Review work stored outside the document (comments, proposals) to list beside what the
   * document itself records (open challenges and decisions from the fields' review logs).
   */
  review?: readonly ReportReviewItem[];
  /** Heaviest fields listed with their justification. Default 10. */
  topFields?: number;
}

const CSS = `
:root { color: #000; background: #fff; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; margin: 0 auto; max-width: 48rem; padding: 1.5rem; }
h1 { font: bold 20pt/1.2 Helvetica, Arial, sans-serif; margin: 0 0 .25rem; }
h2 { font: bold 14pt/1.2 Helvetica, Arial, sans-serif; margin: 1.6rem 0 .5rem; border-bottom: 1.5pt solid #000; padding-bottom: .15rem; break-after: avoid; page-break-after: avoid; }
h3 { font: bold 11.5pt/1.2 Helvetica, Arial, sans-serif; margin: 1rem 0 .3rem; break-after: avoid; }
p.meta { margin: 0 0 1rem; font-size: 9.5pt; }
figure { margin: .5rem 0 1rem; break-inside: avoid; page-break-inside: avoid; }
figure svg, figure img { display: block; width: 100%; height: auto; max-height: 17cm; border: .75pt solid #000; }
figcaption { font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; font-size: 9.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: .5pt solid #000; padding: .2rem .35rem; vertical-align: top; text-align: left; }
th { background: #e6e6e6; font-family: Helvetica, Arial, sans-serif; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.flag { font-weight: bold; }
.none { font-style: italic; }
.cards { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: .5rem; margin: .5rem 0; }
.card { border: 1pt solid #000; padding: .4rem .5rem; break-inside: avoid; }
.card b { display: block; font: bold 16pt/1.1 Helvetica, Arial, sans-serif; }
.card span { font-size: 9pt; }
ul.refs { font-size: 9pt; padding-left: 1.1rem; }
.warn::before { content: "⚠ "; }
@page { margin: 15mm 14mm; }
/* The graph gets a landscape page of its own when printed: wide processes stay legible. */
@page wide { size: landscape; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  a { color: #000; text-decoration: none; }
  h2 { break-before: auto; }
  .page-break { break-before: page; page-break-before: always; }
  section.graph { page: wide; break-before: page; break-after: page; }
  section.graph figure svg, section.graph figure img { max-height: 16cm; }
}
`;

/** HTML-escapes text. */
export function escapeHtml(text: string): string {
  return escapeXml(text);
}

function num(value: number, digits = 1): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

function pct(share: number, digits = 0): string {
  return `${num(share * 100, digits)}%`;
}

function money(value: number, currency: string): string {
  return `${num(value, 0)} ${currency}`;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = []): string {
  const cls = (i: number): string => (numeric.includes(i) ? ' class="num"' : '');
  return (
    `<table><thead><tr>${headers.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((row) => `<tr>${row.map((cell, i) => `<td${cls(i)}>${cell}</td>`).join('')}</tr>`).join('') +
    '</tbody></table>'
  );
}

interface Located {
  field: Field;
  stage: Stage;
}

/** The report as one HTML document string. Pure: the same inputs give the same bytes. */
export function reportHtml(process: Process, options: ReportOptions): string {
  const expected = computeExpectedBurden(process);
  const report: BurdenReport | null = expected.ok ? buildBurdenReport(process, expected) : null;
  const departments = new Map(process.departments.map((d) => [d.id, d.name]));
  const dept = (id: string): string => departments.get(id) ?? id;
  const located = new Map<string, Located>();
  for (const stage of process.stages) for (const field of stage.fields) located.set(field.id, { field, stage });
  const sections: string[] = [];

  sections.push(
    `<header><h1>${escapeHtml(process.name)}</h1><p class="meta">Workshop report · revision ${process.revision} · ${escapeHtml(options.now.slice(0, 10))} · ${process.stages.length} stages, ${located.size} fields</p></header>`,
  );
  if (process.description.trim()) sections.push(`<p>${escapeHtml(process.description)}</p>`);

  const graph = options.graphImage ?? graphSvg(process);
  const picture = graph.startsWith('data:') ? `<img src="${escapeHtml(graph)}" alt="Stage graph of ${escapeHtml(process.name)}">` : graph;
  const graphSection = `<section class="graph"><h2>The process</h2><figure>${picture}<figcaption>Stages with their fields and admin minutes; arrows show the share of deals taking each path.</figcaption></figure></section>`;

  if (!report) {
    sections.push(graphSection);
    sections.push(
      `<section><h2>Admin burden</h2><p class="warn">The burden cannot be computed until the process has no errors:</p><ul>${(expected.ok ? [] : expected.problems).map((p) => `<li>${escapeHtml(`${p.path}: ${p.message}`)}</li>`).join('')}</ul></section>`,
    );
  } else {
    const h = report.burden.headline;
    const c = report.burden.currency;
    sections.push(
      '<section><h2>Headline figures</h2><div class="cards">' +
        [
          [`${num(h.minutesPerOpportunity)} min`, 'admin per opportunity'],
          [`${num(h.hoursPerRepPerMonth)} h`, `admin per rep per month — ${pct(h.shareOfWorkingTime)} of working time`],
          [money(h.monthlyCost, c), `per month for the team (${num(h.teamHoursPerMonth, 0)} h)`],
          [pct(h.unjustifiedShare), `of admin time on required fields nobody has justified or reads (${num(h.unjustifiedTeamHoursPerMonth, 0)} team h/month)`],
          [pct(h.winProbability), 'of opportunities won, as modelled'],
          [`${num(h.daysToClose, 0)} days`, 'expected from first stage to close'],
        ]
          .map(([big, small]) => `<div class="card"><b>${escapeHtml(big!)}</b><span>${escapeHtml(small!)}</span></div>`)
          .join('') +
        '</div>' +
        `<p>The admin this process asks for equals about <b>${num(h.opportunitiesForgonePerMonth)} opportunities a month</b> that could have been worked instead (≈ ${escapeHtml(money(h.revenueEquivalentPerMonth, c))} in revenue at the modelled win rate), assuming reps sell ${pct(report.burden.assumptions.sellingShare)} of their time.</p>` +
        '<h3>Against published figures</h3><ul class="refs">' +
        SELLING_TIME_REFERENCES.map((ref) => `<li>${escapeHtml(ref.claim)} — <i>${escapeHtml(ref.source)}</i>. This process alone takes ${pct(h.shareOfWorkingTime)} of a rep's working time in CRM fields.</li>`).join('') +
        '</ul></section>',
    );

    sections.push(graphSection);
    const top = report.burden.fields.slice(0, options.topFields ?? 10);
    sections.push(
      '<section><h2>Top fields by burden</h2>' +
        table(
          ['#', 'Field', 'Stage', 'Min/rep-month', 'Share', 'Asked by → read by', 'Why it exists'],
          top.map((row, i) => {
            const at = located.get(row.fieldId);
            const field = at?.field;
            const why = field && field.justification.trim() ? `${escapeHtml(field.justification)}${field.justificationImported ? ' <i>(imported CRM help text, not confirmed)</i>' : ''}` : '<span class="none flag">Nobody has said.</span>';
            const readers = field && field.consumers.length > 0 ? field.consumers.map(dept).join(', ') : '<span class="flag">nobody</span>';
            return [
              String(i + 1),
              `${escapeHtml(row.label)}${row.unjustified ? ' <span class="flag">[flagged]</span>' : ''}`,
              escapeHtml(at?.stage.name ?? row.stageId),
              num(row.minutesPerRepMonth),
              pct(row.share, 1),
              `${escapeHtml(field ? dept(field.requestedBy) : '')} → ${field && field.consumers.length > 0 ? escapeHtml(readers) : readers}`,
              why,
            ];
          }),
          [0, 3, 4],
        ) +
        '</section>',
    );
  }

  const flagged = [...located.values()].filter(({ field }) => {
    const facts = reviewFacts(field);
    return isUnjustified(facts) || isUnread(facts);
  });
  sections.push(
    `<section><h2>Unjustified or unread required fields (${flagged.length})</h2>` +
      (flagged.length === 0
        ? '<p>Every required field has a reason and a reader.</p>'
        : table(
            ['Field', 'Stage', 'Requirement', 'Asked by', 'Missing'],
            flagged.map(({ field, stage }) => {
              const facts = reviewFacts(field);
              const missing = [isUnjustified(facts) ? 'why' : '', isUnread(facts) ? 'reader' : ''].filter(Boolean).join(' and ');
              return [escapeHtml(field.label), escapeHtml(stage.name), escapeHtml(field.requirement), escapeHtml(dept(field.requestedBy)), `<span class="flag">${missing}</span>`];
            }),
          )) +
      '</section>',
  );

  if (report) {
    sections.push(
      '<section><h2>KPI findings</h2>' +
        (report.kpis.length === 0
          ? '<p class="none">No KPI targets are set.</p>'
          : table(
              ['Result', 'Finding'],
              report.kpis.map((k) => [`<span class="${k.severity === 'ok' ? '' : 'flag'}">${k.severity === 'ok' ? 'holds' : k.severity === 'warning' ? 'doubtful' : 'CANNOT HOLD'}</span>`, escapeHtml(k.message)]),
            )) +
        '</section>',
    );
  }

  if (options.calibration) sections.push(calibrationSection(process, options.calibration));
  const review = [...reviewItemsOf(process), ...(options.review ?? [])];
  if (review.length > 0) sections.push(reviewSection(review));

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(process.name)} — workshop report</title><style>${CSS}</style></head>
<body>${sections.join('\n')}
<footer><p class="meta">Made with Stagecraft from revision ${process.revision} of “${escapeHtml(process.name)}”. Figures are expected values from the process model and its scenario (${process.scenario.reps} reps, ${num(process.scenario.opportunitiesPerRepPerMonth)} opportunities per rep per month, ${num(process.scenario.loadedHourlyCost)} ${escapeHtml(process.scenario.currency)} per hour).</p></footer>
</body></html>
`;
}

function calibrationSection(process: Process, calibration: Calibration): string {
  const name = new Map(process.stages.map((s) => [s.id, s.name]));
  const p = (value: number | null): string => (value === null ? '—' : pct(value));
  const transitions = calibration.transitions.filter((t) => t.n > 0 || t.current !== null);
  return (
    '<section><h2>Model against the CRM history</h2>' +
    `<p>${calibration.deals} deals (${calibration.won} won, ${calibration.lost} lost, ${calibration.open} still open), ${calibration.events} stage changes. Observed conversion ${p(calibration.conversion)}. Figures marked <span class="flag">few</span> rest on fewer than 30 observations.</p>` +
    table(
      ['From', 'To', 'Model', 'Observed', 'n', ''],
      transitions.map((t) => [
        escapeHtml(name.get(t.from) ?? t.from),
        escapeHtml(name.get(t.to) ?? t.to),
        p(t.current),
        p(t.observed),
        String(t.n),
        `${t.smallSample ? '<span class="flag">few</span>' : ''}${t.current === null ? ' not in model' : ''}`,
      ]),
      [2, 3, 4],
    ) +
    table(
      ['Stage', 'Entries', 'Loop-backs', 'Open', 'Days (model)', 'Days median', 'Days mean', 'n'],
      calibration.stages
        .filter((s) => s.entries > 0)
        .map((s) => {
          // Outcomes take no days; a stage whose entry times are unknown has no day figures.
          const outcome = process.stages.find((stage) => stage.id === s.stageId)?.kind;
          const noDays = outcome === 'won' || outcome === 'lost' || s.n === 0;
          return [
            escapeHtml(s.name),
            String(s.entries),
            String(s.loopBacks),
            String(s.open),
            outcome === 'won' || outcome === 'lost' ? '—' : num(s.currentDays),
            s.medianDays === null ? '—' : num(s.medianDays),
            s.meanDays === null ? '—' : num(s.meanDays),
            noDays ? '—' : `${s.n}${s.smallSample ? ' <span class="flag">few</span>' : ''}`,
          ];
        }),
      [1, 2, 3, 4, 5, 6, 7],
    ) +
    (calibration.kpis.length > 0 ? `<h3>KPI targets against the history</h3><ul>${calibration.kpis.map((k) => `<li>${escapeHtml(k.message)}</li>`).join('')}</ul>` : '') +
    (calibration.warnings.length > 0 ? `<ul>${calibration.warnings.map((w) => `<li class="warn">${escapeHtml(w)}</li>`).join('')}</ul>` : '') +
    '</section>'
  );
}

/** Open challenges and review decisions (justified / retired) recorded in the document. */
export function reviewItemsOf(process: Process): ReportReviewItem[] {
  const departments = new Map(process.departments.map((d) => [d.id, d.name]));
  const items: ReportReviewItem[] = openChallenges(process).map((c) => ({
    kind: 'challenge',
    subject: c.label,
    text: `${c.event.reason || '(no question recorded)'}${c.event.addressedTo ? ` — to ${departments.get(c.event.addressedTo) ?? c.event.addressedTo}` : ''}`,
    author: c.event.by.name,
    status: 'open',
    date: c.event.at,
  }));
  for (const stage of process.stages) {
    for (const field of stage.fields) {
      for (const event of field.reviewLog ?? []) {
        if (event.to !== 'justified' && event.to !== 'retired') continue;
        items.push({ kind: 'decision', subject: field.label, text: `${event.to}${event.reason ? `: ${event.reason}` : ''}`, author: event.by.name, status: event.to, date: event.at });
      }
    }
  }
  return items;
}

function reviewSection(items: readonly ReportReviewItem[]): string {
  const kinds: ReadonlyArray<[ReportReviewItem['kind'], string]> = [
    ['challenge', 'Open challenges'],
    ['proposal', 'Proposals'],
    ['decision', 'Decisions'],
    ['comment', 'Comments'],
  ];
  return (
    '<section><h2>Review</h2>' +
    kinds
      .map(([kind, title]) => {
        const list = items.filter((item) => item.kind === kind);
        if (list.length === 0) return '';
        return (
          `<h3>${title} (${list.length})</h3>` +
          table(
            ['About', 'What', 'Who', 'Status', 'When'],
            list.map((item) => [escapeHtml(item.subject), escapeHtml(item.text), escapeHtml(item.author ?? ''), escapeHtml(item.status ?? ''), escapeHtml((item.date ?? '').slice(0, 10))]),
          )
        );
      })
      .join('') +
    '</section>'
  );
}
