/**
 * Reading JSON text the same way everywhere a document comes in (CLI, import, workspace files,
 * the host's request bodies): a UTF-8 byte-order mark is accepted, and a syntax error names the
 * line and column and shows the offending characters with invisible ones escaped.
 */

/** Result of `parseJsonText`: the value, or a located, readable syntax error. */
export type JsonTextResult =
  | { ok: true; value: unknown }
  | { ok: false; message: string; line: number; column: number };

/** The UTF-8 byte-order mark as decoded text (what editors on Windows often put first). */
export const BYTE_ORDER_MARK = '\uFEFF';

/** Drops one leading byte-order mark; JSON itself forbids it, but it is not content. */
export function stripByteOrderMark(text: string): string {
  return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
}

/**
 * Makes invisible and confusable characters visible: control characters, zero-width and
 * directional marks, non-breaking and other unusual spaces, and lone surrogates are written as
 * `\uXXXX` (tab, newline and carriage return as `\t`, `\n`, `\r`).
 */
export function escapeInvisible(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (
      code < 0x20 ||
      (code >= 0x7f && code <= 0xa0) ||
      code === 0xad ||
      (code >= 0x2000 && code <= 0x200f) ||
      (code >= 0x2028 && code <= 0x202f) ||
      (code >= 0x2060 && code <= 0x206f) ||
      code === 0xfeff ||
      code === 0x3000 ||
      (code >= 0xd800 && code <= 0xdfff) ||
      code === 0xfffd
    ) {
      out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    } else out += ch;
  }
  return out;
}

/** 1-based line and column of a 0-based character offset. */
export function locate(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Offset of the first syntax error in `text` (text.length when it ends too early). Engines word
 * JSON.parse errors differently and V8 often gives no position, so the text is scanned here; this
 * runs only after JSON.parse has failed.
 */
export function firstSyntaxErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  };
  const fail = (at: number): never => {
    throw at;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail(i);
      i++;
    }
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail(i);
      const ch = text.charCodeAt(i);
      if (ch === 34) {
        i++;
        return;
      }
      if (ch < 0x20) fail(i);
      if (ch === 92) {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(i);
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else fail(i + 1);
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail(i);
    i += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 10_000) fail(i);
    ws();
    const ch = text[i];
    if (ch === undefined) return fail(i);
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(i);
        string();
        ws();
        if (text[i] !== ':') fail(i);
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(i);
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(i);
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === '-' || (ch >= '0' && ch <= '9')) return number();
    fail(i);
  };
  try {
    value(0);
    ws();
    return i < text.length ? i : -1;
  } catch (at) {
    if (typeof at === 'number') return Math.min(at, text.length);
    // Nesting too deep for the stack: report the start, JSON.parse refused it too.
    return 0;
  }
}

/**
 * Parses JSON text, accepting a leading byte-order mark. On a syntax error the message reads
 * `line 3, column 14: unexpected "\u00A0" near "name":\u00A0"x"` — located, with what is there
 * shown escaped, so an invisible character is no longer a mystery.
 */
export function parseJsonText(input: string): JsonTextResult {
  const text = stripByteOrderMark(input);
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    const scanned = firstSyntaxErrorOffset(text);
    const offset = scanned < 0 ? 0 : scanned;
    const { line, column } = locate(text, offset);
    if (text.trim() === '') return { ok: false, message: 'the file is empty', line: 1, column: 1 };
    if (offset >= text.length) {
      return { ok: false, message: `line ${line}, column ${column}: the JSON ends too early`, line, column };
    }
    const found = escapeInvisible(String.fromCodePoint(text.codePointAt(offset) ?? 0));
    const near = escapeInvisible(text.slice(Math.max(0, offset - 12), offset + 12));
    return {
      ok: false,
      message: `line ${line}, column ${column}: unexpected "${found}" near "${near}"`,
      line,
      column,
    };
  }
}
