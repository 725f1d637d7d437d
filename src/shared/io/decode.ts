/**
 * Turning the bytes of an uploaded or read file into text, the way CRM exports arrive: UTF-8 with
 * or without a byte-order mark (Salesforce Data Loader, HubSpot), UTF-16 with a BOM (Excel's
 * "Unicode text"), or Windows-1252 (Excel "CSV" on a Western-European Windows). Uses the standard
 * `TextDecoder`, present in browsers and Node alike.
 */

/** Encodings an import accepts; `auto` detects by BOM, then UTF-8 validity, then Windows-1252. */
export type TextEncodingChoice = 'auto' | 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** The encodings `decodeText` can report having used. */
export type TextEncodingUsed = Exclude<TextEncodingChoice, 'auto'>;

/**
 * Largest import file accepted, bytes (20 MiB). A Salesforce describe of a heavily customised org
 * is ~3 MB and a 5,000-field usage audit ~1 MB; a stage history of 100,000 events ~6 MB. Above
 * this an import is refused with a message rather than freezing the window while it parses: the
 * parse is synchronous in the renderer, and 20 MiB parses in about a second on a laptop.
 */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** The decoded text and how it was decoded. */
export type DecodeResult =
  | { ok: true; text: string; encoding: TextEncodingUsed; hadBom: boolean }
  | { ok: false; message: string };

/**
 * Decodes `bytes` to text. With `auto`: a UTF-8 or UTF-16 BOM decides; otherwise valid UTF-8 is
 * UTF-8 and anything else is read as Windows-1252 (every byte maps to a character there). Refuses
 * empty input, input over `MAX_IMPORT_BYTES`, and binary data (NUL bytes or many control
 * characters, e.g. an .xlsx or a PDF chosen by mistake), with a message naming the byte offset.
 */
export function decodeText(bytes: Uint8Array, choice: TextEncodingChoice = 'auto'): DecodeResult {
  if (bytes.length === 0) return { ok: false, message: 'the file is empty' };
  if (bytes.length > MAX_IMPORT_BYTES) {
    return {
      ok: false,
      message: `the file is ${formatMiB(bytes.length)}; imports are limited to ${formatMiB(MAX_IMPORT_BYTES)} (split the export, or export only the fields or date range you need)`,
    };
  }
  const bom = detectBom(bytes);
  let encoding: TextEncodingUsed;
  if (choice !== 'auto') encoding = choice;
  else if (bom) encoding = bom.encoding;
  else encoding = isValidUtf8(bytes) ? 'utf-8' : 'windows-1252';

  if (!encoding.startsWith('utf-16')) {
    const binaryAt = findBinary(bytes);
    if (binaryAt !== undefined) {
      return { ok: false, message: `the file looks binary, not text (byte ${binaryAt} is a control character); export it as CSV or JSON` };
    }
  }
  const skip = bom && bom.encoding === encoding ? bom.length : 0;
  let text: string;
  try {
    text = encoding === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(skip));
  } catch {
    return { ok: false, message: `the file is not valid ${encoding.toUpperCase()} text; choose another encoding` };
  }
  if (encoding.startsWith('utf-16') && text.includes('\u0000')) {
    return { ok: false, message: 'the file looks binary, not text (it contains NUL characters)' };
  }
  if (text.trim() === '') return { ok: false, message: 'the file holds only whitespace' };
  return { ok: true, text, encoding, hadBom: skip > 0 };
}

// 0x80–0x9F in Windows-1252 (WHATWG encoding table); undefined bytes map to the C1 control of the
// same number, as browsers do. Node's TextDecoder treats "windows-1252" as Latin-1 and would turn
// "–" (0x96) into an invisible control character, so the table is applied here, the same everywhere.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    const codes = new Array<number>(end - start);
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      codes[i - start] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b;
    }
    chunks.push(String.fromCharCode(...codes));
  }
  return chunks.join('');
}

function detectBom(bytes: Uint8Array): { encoding: TextEncodingUsed; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

// Text files carry tabs, line breaks and form feeds, never NULs; more than 1 % other C0 control
// bytes in the first 64 KiB means an image, a spreadsheet or a zip.
function findBinary(bytes: Uint8Array): number | undefined {
  const end = Math.min(bytes.length, 65536);
  let controls = 0;
  let first: number | undefined;
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b === 0) return i;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) {
      controls++;
      first ??= i;
    }
  }
  return controls > end / 100 ? first : undefined;
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
