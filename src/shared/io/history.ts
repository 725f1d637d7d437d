import { parseCsv } from './csv';
import { decodeText, type TextEncodingChoice } from './decode';
import { headerKey } from './mapping';

/**
 * Reading a CRM's stage history into one shape — per deal, the stages it entered and when — from
 * the exports admins can actually produce:
 * - a generic event log: `case id, stage, timestamp` (any header spelling, any delimiter);
 * - Salesforce `OpportunityFieldHistory` (`OpportunityId, CreatedDate, Field, OldValue,
 *   NewValue`; only `Field = StageName` rows count);
 * - Salesforce `OpportunityHistory` (`OpportunityId, CreatedDate, StageName, …`; a row is also
 *   written when the amount or close date changes, so consecutive rows with the same stage
 *   collapse into one visit);
 * - HubSpot deals with `hs_v2_date_entered_<stage>` / `hs_v2_date_exited_<stage>` columns
 *   (HubSpot keeps only the latest entry per stage, so loops back are not visible there).
 */

/** The export format a history file was recognised as. */
export type HistoryFormat = 'generic' | 'salesforce-field-history' | 'salesforce-opportunity-history' | 'hubspot-stage-dates';

/** One deal entering one stage. */
export interface StageEntry {
  stage: string;
  /** Milliseconds since the epoch, UTC; NaN when only the order is known (the first OldValue). */
  at: number;
  /** 1-based line in the file, for messages. */
  line: number;
}

/** One deal's path through the stages, in time order, consecutive duplicates collapsed. */
export interface DealHistory {
  id: string;
  entries: StageEntry[];
}

/** A history file read into deals. */
export interface StageHistory {
  format: HistoryFormat;
  deals: DealHistory[];
  /** Rows read (events before collapsing). */
  events: number;
  /** Every stage name the file uses, in first-seen order. */
  stageNames: string[];
}

/** A history, or the located reason it was refused. */
export type HistoryResult = { ok: true; history: StageHistory } | { ok: false; message: string };

/** Options for reading a history. */
export interface ReadHistoryOptions {
  /** File name for messages. */
  name: string;
  encoding?: TextEncodingChoice;
}

/** Reads history bytes; never throws. */
export function readHistory(bytes: Uint8Array, options: ReadHistoryOptions): HistoryResult {
  const decoded = decodeText(bytes, options.encoding ?? 'auto');
  if (!decoded.ok) return { ok: false, message: `${options.name}: ${decoded.message}` };
  return readHistoryText(decoded.text, options.name);
}

/** Reads history text; never throws. */
export function readHistoryText(text: string, name: string): HistoryResult {
  try {
    const parsed = parseCsv(text);
    if (!parsed.ok) return { ok: false, message: `${name}: ${parsed.message}` };
    const { headers, rows, lines } = parsed.table;
    const format = chooseFormat(headers, name);
    if (typeof format === 'string') return { ok: false, message: `${name}: ${format}` };
    for (let r = 0; r < rows.length; r++) {
      const problem = format.row(rows[r]!, lines[r]!);
      if (problem !== undefined) return { ok: false, message: `${name}: ${problem}` };
    }
    return format.finish();
  } catch (error) {
    return { ok: false, message: `${name}: could not be read (${(error as Error).message})` };
  }
}

const ENTERED = 'hs_v2_date_entered_';
const EXITED = 'hs_v2_date_exited_';

/** One export format's row handler and its final step. */
interface FormatReader {
  row(cells: string[], line: number): string | undefined;
  finish(): HistoryResult;
}

function chooseFormat(headers: string[], name: string): FormatReader | string {
  const keys = headers.map(headerKey);
  const col = (...candidates: string[]): number => {
    for (const candidate of candidates) {
      const i = keys.indexOf(candidate);
      if (i >= 0) return i;
    }
    return -1;
  };
  if (headers.some((h) => h.toLowerCase().startsWith(ENTERED))) return hubspot(headers, name, col('hsobjectid', 'recordid', 'dealid', 'id'));
  const opp = col('opportunityid');
  const created = col('createddate');
  if (opp >= 0 && created >= 0 && col('field') >= 0 && col('newvalue') >= 0) {
    return fieldHistory(name, opp, created, col('field'), col('oldvalue'), col('newvalue'));
  }
  if (opp >= 0 && created >= 0 && col('stagename') >= 0) return events(headers, name, 'salesforce-opportunity-history', opp, col('stagename'), created);
  const caseCol = col('caseid', 'case', 'dealid', 'deal', 'opportunityid', 'recordid', 'id');
  const stageCol = col('stage', 'stagename', 'dealstage', 'activity', 'status');
  const timeCol = col('timestamp', 'time', 'date', 'createddate', 'enteredat', 'changedat', 'datetime');
  if (caseCol < 0 || stageCol < 0 || timeCol < 0) {
    return `not a stage history — expected columns "case id, stage, timestamp", a Salesforce OpportunityFieldHistory or OpportunityHistory export, or HubSpot hs_v2_date_entered_… columns; found ${headers.map((h) => `"${h}"`).join(', ')}`;
  }
  return events(headers, name, 'generic', caseCol, stageCol, timeCol);
}

/**
 * Parses an ISO-8601 date or date-time (`2026-03-01`, `2026-03-01 14:05`, `…T14:05:00.000+0000`,
 * `…Z`) or epoch milliseconds to epoch milliseconds. Times without an offset are read as UTC: a
 * CRM export is one time zone throughout, and only differences matter here. NaN when unparseable.
 */
export function parseTimestamp(raw: string): number {
  const fast = parseIsoFast(raw);
  if (fast !== undefined) return fast;
  const text = raw.trim();
  if (/^\d{12,14}$/.test(text)) return Number(text);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (!m) return NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return NaN;
  let ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s), Number(frac.slice(0, 3).padEnd(3, '0')));
  if (new Date(ms).getUTCDate() !== day) return NaN;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.replace(/[^0-9]/g, '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60000;
  }
  return ms;
}

const ZERO = 48;

function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

// The shape nearly every CRM export uses, `2026-03-01T14:05:09[.123](Z|+0000|+00:00)`, read by
// character position: a history of 100,000 rows spends most of its time here otherwise.
function parseIsoFast(text: string): number | undefined {
  const length = text.length;
  if (length < 19 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 2);
  const d = digits(text, 8, 2);
  const h = digits(text, 11, 2);
  const mi = digits(text, 14, 2);
  const s = digits(text, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return undefined;
  let i = 19;
  let ms = 0;
  if (text.charCodeAt(i) === 46) {
    const frac = digits(text, i + 1, 3);
    if (frac < 0) return undefined;
    ms = frac;
    i += 4;
  }
  let offset = 0;
  if (i === length) offset = 0;
  else if (i === length - 1 && (text.charCodeAt(i) === 90 || text.charCodeAt(i) === 122)) offset = 0;
  else {
    const sign = text.charCodeAt(i) === 43 ? 1 : text.charCodeAt(i) === 45 ? -1 : 0;
    if (sign === 0) return undefined;
    const colon = text.charCodeAt(i + 3) === 58 ? 1 : 0;
    if (length !== i + 5 + colon) return undefined;
    const oh = digits(text, i + 1, 2);
    const om = digits(text, i + 3 + colon, 2);
    if (oh < 0 || om < 0) return undefined;
    offset = sign * (oh * 60 + om) * 60000;
  }
  const time = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (new Date(time).getUTCDate() !== d) return NaN;
  return time - offset;
}

function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

interface Row {
  deal: string;
  stage: string;
  at: number;
  line: number;
  /** OpportunityFieldHistory's OldValue. */
  old?: string | undefined;
}

function collect(byDeal: Map<string, Row[]>, row: Row): void {
  const list = byDeal.get(row.deal);
  if (list) list.push(row);
  else byDeal.set(row.deal, [row]);
}

/**
 * Per deal, the file's rows must run in one time direction (exports come sorted ascending or
 * descending); a deal whose rows go back and forth means rows are missing or mixed up, and a
 * calibration from it would invent transitions.
 */
function ordered(rows: Row[], name: string): { ok: true; rows: Row[] } | { ok: false; message: string } {
  let up = false;
  let down = false;
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1]!;
    const b = rows[i]!;
    if (b.at > a.at) up = true;
    if (b.at < a.at) down = true;
    if (up && down) {
      return { ok: false, message: `${name}: line ${b.line}: deal "${b.deal}" goes back in time (${formatTime(b.at)} after ${formatTime(a.at)} on line ${a.line}); sort the export by deal and date, or check for missing rows` };
    }
  }
  return { ok: true, rows: down ? rows.slice().reverse() : rows };
}

function finish(format: HistoryFormat, byDeal: Map<string, Row[]>, events: number, name: string, collapse: boolean): HistoryResult {
  if (byDeal.size === 0) return { ok: false, message: `${name}: no stage changes found` };
  const deals: DealHistory[] = [];
  const stageNames = new Set<string>();
  for (const [id, raw] of byDeal) {
    const sorted = ordered(raw, name);
    if (!sorted.ok) return sorted;
    const entries: StageEntry[] = [];
    for (const row of sorted.rows) {
      stageNames.add(row.stage);
      const last = entries[entries.length - 1];
      if (last && last.stage === row.stage && (collapse || last.at === row.at)) continue;
      entries.push({ stage: row.stage, at: row.at, line: row.line });
    }
    deals.push({ id, entries });
  }
  return { ok: true, history: { format, deals, events, stageNames: [...stageNames] } };
}

function events(headers: string[], name: string, format: HistoryFormat, caseCol: number, stageCol: number, timeCol: number): FormatReader {
  const byDeal = new Map<string, Row[]>();
  let count = 0;
  return {
    row(cells, line) {
      const deal = cells[caseCol]!.trim();
      const stage = cells[stageCol]!.trim();
      const rawTime = cells[timeCol]!.trim();
      if (deal === '') return `line ${line}: no ${headers[caseCol]}`;
      if (stage === '') return `line ${line}: no ${headers[stageCol]}`;
      const at = parseTimestamp(rawTime);
      if (Number.isNaN(at)) return `line ${line}: "${rawTime}" in ${headers[timeCol]} is not a date-time like 2026-03-01T14:05:00Z`;
      collect(byDeal, { deal, stage, at, line });
      count++;
      return undefined;
    },
    // Every row of a generic log is a stage change; OpportunityHistory repeats the stage on
    // amount and date changes, so there consecutive equal stages are one visit.
    finish: () => finish(format, byDeal, count, name, true),
  };
}

function fieldHistory(name: string, opp: number, created: number, fieldCol: number, oldCol: number, newCol: number): FormatReader {
  const byDeal = new Map<string, Row[]>();
  let events = 0;
  return {
    row(row, line) {
      const rawField = row[fieldCol]!;
      if (rawField !== 'StageName') {
        const field = rawField.trim().toLowerCase();
        if (field !== 'stagename' && field !== 'stage') return undefined;
      }
      events++;
      const deal = row[opp]!.trim();
      const stage = row[newCol]!.trim();
      const rawTime = row[created]!.trim();
      if (deal === '') return `line ${line}: no OpportunityId`;
      if (stage === '') return `line ${line}: no NewValue`;
      const at = parseTimestamp(rawTime);
      if (Number.isNaN(at)) return `line ${line}: "${rawTime}" in CreatedDate is not a date-time like 2026-03-01T14:05:00.000+0000`;
      const old = oldCol >= 0 ? row[oldCol]!.trim() : '';
      collect(byDeal, { deal, stage, at, line, old: old === '' ? undefined : old });
      return undefined;
    },
    finish: () => fieldHistoryFinish(name, byDeal, events),
  };
}

function fieldHistoryFinish(name: string, byDeal: Map<string, Row[]>, events: number): HistoryResult {
  // Each row says "from OldValue to NewValue"; in time order OldValue must be the stage the
  // previous row entered, or rows are missing or mixed up.
  const result = finish('salesforce-field-history', byDeal, events, name, false);
  if (!result.ok) return result;
  for (const deal of result.history.deals) {
    const rows = byDeal.get(deal.id)!;
    const sorted = rows[0]!.at <= rows[rows.length - 1]!.at ? rows : rows.slice().reverse();
    for (let i = 1; i < sorted.length; i++) {
      const oldValue = sorted[i]!.old;
      if (oldValue && oldValue !== sorted[i - 1]!.stage) {
        return { ok: false, message: `${name}: line ${sorted[i]!.line}: deal "${deal.id}" moves from "${oldValue}" but the previous change (line ${sorted[i - 1]!.line}) put it in "${sorted[i - 1]!.stage}"; rows are missing or out of order` };
      }
    }
    // The stage a deal was created in appears only as the first OldValue; its entry time is unknown.
    const origin = sorted[0]!.old;
    if (origin) deal.entries.unshift({ stage: origin, at: NaN, line: sorted[0]!.line });
  }
  const names = new Set(result.history.stageNames);
  for (const deal of result.history.deals) for (const entry of deal.entries) names.add(entry.stage);
  result.history.stageNames = [...names];
  return result;
}

function hubspot(headers: string[], name: string, idCol: number): FormatReader {
  const entered = new Map<string, number>();
  const exited = new Map<string, number>();
  headers.forEach((header, i) => {
    const lower = header.toLowerCase();
    if (lower.startsWith(ENTERED)) entered.set(header.slice(ENTERED.length), i);
    else if (lower.startsWith(EXITED)) exited.set(header.slice(EXITED.length), i);
  });
  const byDeal = new Map<string, Row[]>();
  let events = 0;
  return {
    row(row, line) {
      const deal = idCol >= 0 ? row[idCol]!.trim() : `row ${line}`;
      if (deal === '') return `line ${line}: no deal id`;
      const rows: Row[] = [];
      for (const [stage, i] of entered) {
        const raw = row[i]!.trim();
        if (raw === '') continue;
        const at = parseTimestamp(raw);
        if (Number.isNaN(at)) return `line ${line}, column ${headers[i]}: "${raw}" is not a date-time`;
        const exitCol = exited.get(stage);
        const rawExit = exitCol !== undefined ? row[exitCol]!.trim() : '';
        if (rawExit !== '') {
          const out = parseTimestamp(rawExit);
          if (Number.isNaN(out)) return `line ${line}, column ${headers[exitCol!]}: "${rawExit}" is not a date-time`;
          if (out < at) return `line ${line}: deal "${deal}" left "${stage}" (${formatTime(out)}) before it entered it (${formatTime(at)}): a negative duration`;
        }
        rows.push({ deal, stage, at, line });
        events++;
      }
      rows.sort((a, b) => a.at - b.at);
      for (const item of rows) collect(byDeal, item);
      return undefined;
    },
    finish: () => finish('hubspot-stage-dates', byDeal, events, name, false),
  };
}
