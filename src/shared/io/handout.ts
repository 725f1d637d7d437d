import { isMandatory, type Entries, type Field, type Process, type Requirement, type ValueToSales } from '../model/schema';
import { writeCsv } from './csv';
import { escapeXml } from './graphSvg';

/**
 * The rep handout — the answer to "nobody tells us how our data is used": for every stage, each
 * field a rep fills, in plain words: why it exists, who reads it, which decision it feeds, what it
 * is worth to the rep and how long it takes. One printed page per stage. The same sentences go to
 * the CRM as help text (Salesforce `inlineHelpText`, HubSpot property `description`), so reps see
 * them where they type.
 */

/** Salesforce's limit for `inlineHelpText`, characters; HubSpot descriptions fit in it too. */
export const HELP_TEXT_MAX = 510;

const VALUE_WORDS: Readonly<Record<ValueToSales, string>> = {
  none: 'It does not help you sell; it is there for someone else.',
  low: 'It helps you a little.',
  medium: 'It helps you sell: you will use it yourself.',
  high: 'It matters for you: it helps you win the deal.',
};

const REQUIREMENT_WORDS: Readonly<Record<Requirement, string>> = {
  optional: 'Optional',
  required: 'Required',
  'blocks-stage': 'Required to move the deal on',
  'blocks-commission': 'Required for your commission',
};

const ENTRY_WORDS: Readonly<Record<Entries, string>> = {
  'once-per-deal': 'once per deal',
  'every-stage-visit': 'every time the deal is in this stage',
  'weekly-while-in-stage': 'every week while the deal is in this stage',
};

function seconds(value: number): string {
  return value < 90 ? `${Math.round(value)} seconds` : `${Math.round(value / 6) / 10} minutes`;
}

function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The plain-words explanation of one field, as printed and as CRM help text (no markup). */
export function fieldExplanation(process: Process, field: Field): string {
  const departments = new Map(process.departments.map((d) => [d.id, d.name]));
  const readers = field.consumers.map((id) => departments.get(id) ?? id);
  const parts = [
    field.justification.trim() ? `Why: ${field.justification.trim()}` : 'Why: nobody has said yet — ask your manager.',
    readers.length > 0 ? `Read by ${list(readers)}.` : 'Nobody is recorded as reading it.',
    field.decisionSupported.trim() ? `Used for: ${field.decisionSupported.trim()}.` : '',
    `Takes about ${seconds(field.secondsToComplete)}, ${ENTRY_WORDS[field.entries]}.`,
  ];
  return parts
    .filter((part) => part !== '')
    .join(' ')
    .replace(/\.\./g, '.');
}

function activeFields(fields: readonly Field[]): Field[] {
  return fields.filter((field) => field.status !== 'retired');
}

const CSS = `
* { box-sizing: border-box; }
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; color: #000; background: #fff; margin: 0 auto; max-width: 46rem; padding: 1.5rem; }
h1 { font: bold 18pt/1.2 Helvetica, Arial, sans-serif; margin: 0 0 .3rem; }
h2 { font: bold 15pt/1.2 Helvetica, Arial, sans-serif; margin: 0 0 .2rem; border-bottom: 1.5pt solid #000; }
h2 small { font-weight: normal; font-size: 70%; }
p.meta { font-size: 9.5pt; margin: 0 0 .8rem; }
section.stage { margin: 0 0 2rem; }
.field { border: .75pt solid #000; padding: .4rem .6rem; margin: .45rem 0; break-inside: avoid; page-break-inside: avoid; }
.field h3 { font: bold 11.5pt/1.25 Helvetica, Arial, sans-serif; margin: 0 0 .15rem; }
.field .req { font: bold 8.5pt Helvetica, Arial, sans-serif; border: .75pt solid #000; padding: 0 .3rem; margin-left: .4rem; text-transform: uppercase; }
.field dl { display: grid; grid-template-columns: 8.5rem 1fr; gap: .05rem .6rem; margin: .2rem 0 0; font-size: 10pt; }
.field dt { font-weight: bold; }
.field dd { margin: 0; }
.missing { font-style: italic; }
@page { margin: 14mm; }
@media print {
  /* Compact enough that a stage with eight fields still fits its one page. */
  body { max-width: none; padding: 0; font-size: 9.5pt; line-height: 1.3; }
  body > h1, body > p.meta { display: none; }
  h2 { font-size: 13pt; }
  .field { padding: .25rem .5rem; margin: .3rem 0; }
  .field h3 { font-size: 10.5pt; }
  .field dl { font-size: 9pt; grid-template-columns: 8rem 1fr; }
  section.stage { break-after: page; page-break-after: always; margin: 0; }
  section.stage:last-of-type { break-after: auto; page-break-after: auto; }
}
`;

/** The handout as one HTML document: a page per stage that asks reps for anything. Pure. */
export function handoutHtml(process: Process, options: { now: string }): string {
  const departments = new Map(process.departments.map((d) => [d.id, d.name]));
  const stages = process.stages.filter((stage) => activeFields(stage.fields).length > 0);
  const sections = stages.map((stage) => {
    const fields = activeFields(stage.fields);
    const required = fields.filter((field) => isMandatory(field.requirement)).length;
    const total = fields.reduce((sum, field) => sum + field.secondsToComplete, 0);
    return (
      `<section class="stage"><h2>${escapeXml(stage.name)} <small>— what we ask you to fill in, and why</small></h2>` +
      `<p class="meta">${fields.length} field${fields.length === 1 ? '' : 's'}, ${required} required · about ${seconds(total)} of typing in this stage · ${escapeXml(process.name)}</p>` +
      (stage.description.trim() ? `<p>${escapeXml(stage.description.trim())}</p>` : '') +
      fields
        .map((field) => {
          const readers = field.consumers.map((id) => departments.get(id) ?? id);
          return (
            `<div class="field"><h3>${escapeXml(field.label)}<span class="req">${REQUIREMENT_WORDS[field.requirement]}</span></h3><dl>` +
            `<dt>Why it exists</dt><dd>${field.justification.trim() ? escapeXml(field.justification.trim()) : '<span class="missing">Nobody has said yet — ask your manager.</span>'}</dd>` +
            `<dt>Who reads it</dt><dd>${readers.length > 0 ? escapeXml(list(readers)) : '<span class="missing">Nobody is recorded as reading it.</span>'}</dd>` +
            `<dt>Decision it feeds</dt><dd>${field.decisionSupported.trim() ? escapeXml(field.decisionSupported.trim()) : '<span class="missing">Not recorded.</span>'}</dd>` +
            `<dt>What it is worth to you</dt><dd>${VALUE_WORDS[field.valueToSales]}</dd>` +
            `<dt>How long it takes</dt><dd>About ${seconds(field.secondsToComplete)}, ${ENTRY_WORDS[field.entries]}.</dd>` +
            '</dl></div>'
          );
        })
        .join('') +
      '</section>'
    );
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(process.name)} — what we ask you to fill in, and why</title><style>${CSS}</style></head>
<body><h1>What we ask you to fill in, and why</h1><p class="meta">${escapeXml(process.name)} · ${escapeXml(options.now.slice(0, 10))}</p>
${sections.length > 0 ? sections.join('\n') : '<p>This process asks reps for no fields.</p>'}
</body></html>
`;
}

/**
 * The same explanations as CRM help text: CSV with `API name, Label, Stage, Help text`, one row
 * per active field, text cut to `HELP_TEXT_MAX` characters. Fields without an API name use their
 * Stagecraft id so the administrator can still match them.
 */
export function helpTextCsv(process: Process): string {
  const rows: string[][] = [['API name', 'Label', 'Stage', 'Help text']];
  for (const stage of process.stages) {
    for (const field of activeFields(stage.fields)) {
      const text = fieldExplanation(process, field);
      rows.push([field.apiName ?? field.id, field.label, stage.name, text.length > HELP_TEXT_MAX ? `${text.slice(0, HELP_TEXT_MAX - 1)}…` : text]);
    }
  }
  return writeCsv(rows);
}
