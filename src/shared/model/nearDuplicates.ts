import { quote, type Problem } from './problems';
import type { Process, Stage } from './schema';
import { FNV_OFFSET, FNV_PRIME, HASH_MASK, repeatedValues, stringHash } from './stringHash';

/**
 * The `near-duplicate` rule: two active fields whose labels ask for the same thing ("Budget
 * confirmed?" and "Budget Confirmed", "Original lead source" and "Lead source detail").
 * Linear in fields: one scan of each label for a fingerprint of its key (remembered per stage
 * object), one set insertion each; real keys are built only for fields whose fingerprints repeat.
 */

// Words that do not change what a field asks for: "Original lead source" and "Lead source detail"
// ask for the same thing. Kept short on purpose; every entry risks a false match.
const FILLER_WORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'the',
  'of',
  'for',
  'to',
  'and',
  'or',
  'is',
  'are',
  'was',
  'original',
  'detail',
  'details',
  'updated',
  'current',
  'latest',
  'actual',
  'expected',
  'estimated',
  'info',
  'information',
]);

/** A simple plural folded to its singular ("sources" → "source", not "class" → "clas"). */
function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** The key from a label's words (lower-case a–z / 0–9 runs, in order). */
function keyFromWords(words: readonly string[]): string {
  const meaningful: string[] = [];
  for (const word of words) if (!FILLER_WORDS.has(word)) meaningful.push(singular(word));
  if (meaningful.length === 0) return words.join(' ');
  if (meaningful.length === 1) return meaningful[0]!;
  meaningful.sort();
  let key = meaningful[0]!;
  for (let i = 1; i < meaningful.length; i++) if (meaningful[i] !== meaningful[i - 1]) key += ` ${meaningful[i]!}`;
  return key;
}

/**
 * The key two field labels share when they are near-duplicates: lower case, punctuation removed,
 * simple plurals folded ("sources" → "source"), filler words ("original", "detail", "updated"…)
 * dropped, words sorted. "Budget confirmed?" and "Budget Confirmed" → "budget confirmed";
 * "Original lead source" and "Lead source detail" → "lead source". Falls back to the plain
 * normalized label when only filler words remain. Accents are folded ("Priorité" → "priorite").
 */
export function labelKey(label: string): string {
  const folded = label.toLowerCase();
  // One scan of the lower-cased label cuts it into a–z / 0–9 words; any other ASCII character
  // separates words. A non-ASCII character sends the label through accent folding first.
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < folded.length; i++) {
    const code = folded.charCodeAt(i);
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
      if (start < 0) start = i;
      continue;
    }
    if (code > 0x7f) return keyFromWords(wordsOf(folded.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')));
    if (start >= 0) {
      words.push(folded.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) words.push(folded.slice(start));
  return keyFromWords(words);
}

function wordsOf(text: string): string[] {
  return text.split(/[^a-z0-9]+/).filter((word) => word !== '');
}

// Near-duplicates are rare, so the rule first looks for repeated *fingerprints* of label keys:
// a 30-bit number worked out in one scan of the label, with no string built (building 30,000 keys
// — a lower-cased copy, word slices, a sort, a joined key — and hashing them into a set was most of
// a first validation of 3,000 stages, half of it in the garbage collector). Equal keys always have
// equal fingerprints; different keys share one with a chance of about 1 in 10⁹ per pair, and the
// rule compares the real keys of fields whose fingerprints repeat, so a shared fingerprint never
// makes a warning.

/** The fingerprint slot of a retired field: it takes no part in the rule. */
const RETIRED = -1;

// `stringHash` written out in the loops below, so a word hashes as the same word in a key does.
// Module-local copies: calling across modules once per character measured twice as slow (tsx
// compiles an import to a property read through a getter).
const HASH_START = FNV_OFFSET;
const PRIME = FNV_PRIME;
const MASK = HASH_MASK;

// Filler words by word hash, to test a word of a label for filler without slicing it out.
const FILLER_BY_HASH: ReadonlyMap<number, readonly string[]> = (() => {
  const byHash = new Map<number, string[]>();
  for (const word of FILLER_WORDS) {
    const h = stringHash(word);
    byHash.set(h, [...(byHash.get(h) ?? []), word]);
  }
  return byHash;
})();

/** Whether the lower-case ASCII word `text[start, end)` is a filler word with hash `h`. */
function isFillerAt(text: string, start: number, end: number, h: number): boolean {
  const candidates = FILLER_BY_HASH.get(h);
  if (candidates === undefined) return false;
  return candidates.some((word) => {
    if (word.length !== end - start) return false;
    for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== lowerAscii(text.charCodeAt(start + i))) return false;
    return true;
  });
}

/** An ASCII character code lower-cased exactly as `toLowerCase` does it (A–Z only). */
function lowerAscii(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

// Word hashes of the label being fingerprinted: reused, so a label costs no allocation.
let keptHashes: Int32Array = new Int32Array(32);
let allHashes: Int32Array = new Int32Array(32);

/**
 * The fingerprint of a set of word hashes (`hashes[0, count)`, sorted here in place): words in any
 * order, repeated or not, give the same fingerprint — as they give the same key once sorted and
 * deduplicated. A key made of all the words in order (only filler words) may share a fingerprint
 * with a different key; the rule checks the real keys then.
 */
function combine(hashes: Int32Array, count: number): number {
  for (let i = 1; i < count; i++) {
    const h = hashes[i]!;
    let j = i - 1;
    for (; j >= 0 && hashes[j]! > h; j--) hashes[j + 1] = hashes[j]!;
    hashes[j + 1] = h;
  }
  let f = HASH_START;
  for (let i = 0; i < count; i++) {
    if (i > 0 && hashes[i] === hashes[i - 1]) continue;
    // A multiply-and-shift mix per word hash: FNV's one multiply per step spreads a whole 30-bit
    // value too little.
    f = Math.imul(f ^ hashes[i]!, 0x5bd1e995);
    f ^= f >>> 13;
  }
  return f & MASK;
}

/**
 * The fingerprint of `labelKey(label)`, without building the key: for an ASCII label, one scan
 * hashes its words as `labelKey` would produce them (lower case, filler words dropped, plurals
 * folded); any other label goes through `labelKey` itself (accent folding) and its key's words.
 */
export function labelFingerprint(label: string): number {
  let kept = 0;
  let all = 0;
  let start = -1;
  let h = HASH_START;
  let beforeLast = HASH_START;
  for (let i = 0; i <= label.length; i++) {
    const code = i < label.length ? lowerAscii(label.charCodeAt(i)) : 32;
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
      if (start < 0) {
        start = i;
        h = HASH_START;
      }
      beforeLast = h;
      h = Math.imul(h ^ code, PRIME);
      continue;
    }
    if (code > 0x7f) return keyFingerprint(labelKey(label));
    if (start < 0) continue;
    const word = h & MASK;
    if (all === allHashes.length) allHashes = grown(allHashes);
    allHashes[all++] = word;
    if (!isFillerAt(label, start, i, word)) {
      // As `singular` folds it: "sources" hashes as "source", "class" stays "class".
      const plural = i - start > 3 && lowerAscii(label.charCodeAt(i - 1)) === 115 && lowerAscii(label.charCodeAt(i - 2)) !== 115;
      if (kept === keptHashes.length) keptHashes = grown(keptHashes);
      keptHashes[kept++] = plural ? beforeLast & MASK : word;
    }
    start = -1;
  }
  return kept > 0 ? combine(keptHashes, kept) : combine(allHashes, all);
}

/** The fingerprint of a label key (lower-case a–z / 0–9 words joined by spaces) from its words. */
export function keyFingerprint(key: string): number {
  let count = 0;
  for (const word of key.split(' ')) {
    if (word === '') continue;
    if (count === allHashes.length) allHashes = grown(allHashes);
    allHashes[count++] = stringHash(word);
  }
  return combine(allHashes, count);
}

function grown(hashes: Int32Array): Int32Array {
  const bigger = new Int32Array(hashes.length * 2);
  bigger.set(hashes);
  return bigger;
}

// Validation runs on every edit and commands share the stages an edit does not touch, so the
// fingerprints are remembered per stage object: an unchanged stage costs one lookup, an edited
// one re-scans its few labels. (Remembering them per field object as well cost more on a first
// validation — 30,000 WeakMap entries — than re-scanning an edited stage's labels saves.)
const stageFingerprintCache = new WeakMap<Stage, readonly number[]>();

/** Label-key fingerprints of a stage's fields in order; `RETIRED` for retired fields. */
function stageFingerprints(stage: Stage): readonly number[] {
  let fingerprints = stageFingerprintCache.get(stage);
  if (fingerprints === undefined) {
    fingerprints = stage.fields.map((field) => (field.status === 'retired' ? RETIRED : labelFingerprint(field.label)));
    stageFingerprintCache.set(stage, fingerprints);
  }
  return fingerprints;
}

/**
 * `near-duplicate` warnings: one per group of active fields sharing a label key, on the field that
 * came last in document order (the likely copy), naming up to three of the others. In document
 * order of the fields they point at.
 */
export function nearDuplicateProblems(process: Process): Problem[] {
  // Most labels are unique: the fingerprints of the active fields, in a typed array, show it (no set of
  // 30,000 values); only if one repeats are the real keys of those fields worked out.
  const stages = process.stages;
  let active = 0;
  for (const stage of stages) for (const fingerprint of stageFingerprints(stage)) if (fingerprint !== RETIRED) active++;
  const fingerprints = new Int32Array(active);
  let next = 0;
  for (const stage of stages) for (const fingerprint of stageFingerprints(stage)) if (fingerprint !== RETIRED) fingerprints[next++] = fingerprint;
  const repeated = repeatedValues(fingerprints);
  if (!repeated) return [];
  // The fields whose fingerprint repeats, grouped by their real label key, in document order;
  // `n` numbers the active fields in document order.
  const groups = new Map<string, { n: number; s: number; f: number }[]>();
  let n = 0;
  for (let s = 0; s < stages.length; s++) {
    const stagePrints = stageFingerprints(stages[s]!);
    for (let f = 0; f < stagePrints.length; f++) {
      const fingerprint = stagePrints[f]!;
      if (fingerprint === RETIRED) continue;
      n++;
      if (!repeated.has(fingerprint)) continue;
      const key = labelKey(stages[s]!.fields[f]!.label);
      const member = { n, s, f };
      const group = groups.get(key);
      if (group) group.push(member);
      else groups.set(key, [member]);
    }
  }

  const found: { last: number; problem: Problem }[] = [];
  const describe = (member: { s: number; f: number }): string => {
    const stage = stages[member.s]!;
    return `${quote(stage.fields[member.f]!.label)} on ${quote(stage.name)}`;
  };
  for (const group of groups.values()) {
    // Fields that only share a fingerprint with another key are no near-duplicates.
    if (group.length < 2) continue;
    const last = group[group.length - 1]!;
    const others = group.length - 1;
    const shown = group.slice(0, Math.min(3, others)).map(describe).join(', ');
    const more = others > 3 ? ` and ${others - 3} more` : '';
    const stage = stages[last.s]!;
    const field = stage.fields[last.f]!;
    found.push({
      last: last.n,
      problem: {
        severity: 'warning',
        code: 'near-duplicate',
        path: `stages[${last.s}].fields[${last.f}].label`,
        message: `${quote(field.label)} on ${quote(stage.name)} looks like ${shown}${more}: reps may be asked for the same thing twice`,
        stageId: stage.id,
        fieldId: field.id,
      },
    });
  }
  // Report in document order, like every other rule.
  found.sort((a, b) => a.last - b.last);
  return found.map((entry) => entry.problem);
}
