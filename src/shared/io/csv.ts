import Papa from 'papaparse';

/**
 * CSV in and out through papaparse (RFC 4180 quoting, embedded line breaks, delimiter detection),
 * which runs unchanged in the renderer and in Node. Hand-written splitting gets quoted commas and
 * embedded newlines wrong; this module only adds the checks an import needs on top.
 */

/** A parsed CSV table: the header row and the data rows, each as many cells as the header. */
export interface CsvTable {
  headers: string[];
  /** Data rows; short rows are padded with '' so `row[i]` matches `headers[i]`. */
  rows: string[][];
  /** 1-based line in the file where each data row starts, for located messages. */
  lines: number[];
  /** The delimiter used (given or detected). */
  delimiter: string;
}

/** A parse outcome: the table, or a message naming where the file went wrong. */
export type CsvResult = { ok: true; table: CsvTable } | { ok: false; message: string };

/** Delimiters tried when none is chosen, in papaparse's order of preference. */
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;

/** Parse options. */
export interface CsvOptions {
  /** A delimiter to use instead of detecting one. */
  delimiter?: string;
}

/**
 * Parses CSV text with a header row. Refuses, with a located message: no header, blank or
 * duplicate header names (papaparse would silently rename them), unterminated quotes, and rows
 * with more cells than the header. Blank lines are skipped; short rows are padded.
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, message: 'the file is empty' };
  const result = Papa.parse<string[]>(body, {
    delimiter: options.delimiter ?? '',
    delimitersToGuess: [...CSV_DELIMITERS],
    skipEmptyLines: 'greedy',
  });
  const lineOf = lineIndex(body);
  const quoteError = result.errors.find((error) => error.type === 'Quotes');
  if (quoteError) {
    const at = quoteError.index !== undefined ? ` (line ${lineOf(quoteError.index)})` : '';
    return { ok: false, message: `a quoted value is never closed${at}: check for a stray " in that row` };
  }
  const data = result.data;
  if (data.length === 0) return { ok: false, message: 'the file is empty' };
  const headers = data[0]!.map((header) => header.trim());
  const seen = new Map<string, number>();
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i]!;
    if (header === '') {
      if (i === headers.length - 1 && headers.length > 1) continue;
      return { ok: false, message: `line 1: column ${i + 1} has no header name` };
    }
    const key = header.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) return { ok: false, message: `line 1: the header "${header}" appears twice (columns ${first + 1} and ${i + 1})` };
    seen.set(key, i);
  }
  // A trailing delimiter on every line (Excel exports do this) leaves an empty last header.
  const width = headers[headers.length - 1] === '' ? headers.length - 1 : headers.length;
  const rowLines = rowStartLines(body, result.meta.linebreak, data.length);
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let r = 1; r < data.length; r++) {
    const raw = data[r]!;
    const extra = raw.slice(width).some((cell) => cell.trim() !== '');
    if (extra) {
      return { ok: false, message: `line ${rowLines[r] ?? r + 1}: ${raw.length} values but the header has ${width} columns (an unquoted "${result.meta.delimiter}" inside a value?)` };
    }
    const row = raw.slice(0, width);
    while (row.length < width) row.push('');
    rows.push(row);
    lines.push(rowLines[r] ?? r + 1);
  }
  return { ok: true, table: { headers: headers.slice(0, width), rows, lines, delimiter: result.meta.delimiter } };
}

function lineIndex(text: string): (offset: number) => number {
  return (offset) => {
    let line = 1;
    const end = Math.min(offset, text.length);
    for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
    return line;
  };
}

// The 1-based line each record starts on, accounting for line breaks inside quoted values. A
// quote-aware scan; papaparse does not report record offsets in its non-streaming mode.
function rowStartLines(text: string, linebreak: string, records: number): number[] {
  const starts: number[] = [];
  let line = 1;
  let inQuotes = false;
  let atRecordStart = true;
  const lf = linebreak === '\r' ? 13 : 10;
  for (let i = 0; i < text.length && starts.length < records + 1; i++) {
    const c = text.charCodeAt(i);
    if (atRecordStart && c !== 10 && c !== 13) {
      starts.push(line);
      atRecordStart = false;
    }
    if (c === 34) inQuotes = !inQuotes;
    if (c === lf) {
      line++;
      if (!inQuotes) atRecordStart = true;
    }
  }
  // Blank lines are skipped by the parser; the scan skips them too (a record starts on a non-break).
  return starts;
}

/** Options for `writeCsv`. */
export interface CsvWriteOptions {
  /** Start with a UTF-8 byte-order mark so Excel reads accents correctly. Default true. */
  bom?: boolean;
}

/**
 * Writes rows as Excel-friendly CSV: every cell quoted, CRLF line ends, a UTF-8 BOM, and cells
 * that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR)
 * prefixed with `'` (OWASP's CSV-injection advice, papaparse's `escapeFormulae`). The figures
 * exported are never negative, so no number is mistaken for a formula.
 */
export function writeCsv(rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>, options: CsvWriteOptions = {}): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : typeof cell === 'number' ? numberCell(cell) : String(cell))));
  const text = Papa.unparse(cells, { quotes: true, newline: '\r\n', escapeFormulae: true });
  return `${options.bom === false ? '' : '\ufeff'}${text}\r\n`;
}

function numberCell(value: number): string {
  return Number.isFinite(value) ? String(value) : '';
}
