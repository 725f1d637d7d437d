import { quote, type Problem } from './problems';
import type { Field, Process, Stage } from './schema';

/**
 * The `near-duplicate` rule: two active fields whose labels ask for the same thing ("Budget
 * confirmed?" and "Budget Confirmed", "Original lead source" and "Lead source detail").
 * Linear in fields: one label key per field (remembered per field object), one hash lookup each.
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

// Validation runs on every edit and commands share unchanged fields between versions, so a key
// remembered per field object is found again after any edit that does not touch that field.
// A WeakMap has no size limit to thrash (the old 20,000-label cache was cleared over and over on
// larger processes, making validation slower per field as fields grew) and frees keys with fields.
const fieldLabelKeys = new WeakMap<Field, string>();

function fieldLabelKey(field: Field): string {
  let key = fieldLabelKeys.get(field);
  if (key === undefined) {
    key = labelKey(field.label);
    fieldLabelKeys.set(field, key);
  }
  return key;
}

// The same per stage object: an unchanged stage costs one lookup instead of one per field.
const stageLabelKeyCache = new WeakMap<Stage, readonly (string | undefined)[]>();

/** Label keys of a stage's fields in order; undefined for retired fields (they take no part). */
function stageLabelKeys(stage: Stage): readonly (string | undefined)[] {
  let keys = stageLabelKeyCache.get(stage);
  if (keys === undefined) {
    keys = stage.fields.map((field) => (field.status === 'retired' ? undefined : fieldLabelKey(field)));
    stageLabelKeyCache.set(stage, keys);
  }
  return keys;
}

/**
 * `near-duplicate` warnings: one per group of active fields sharing a label key, on the field that
 * came last in document order (the likely copy), naming up to three of the others. In document
 * order of the fields they point at.
 */
export function nearDuplicateProblems(process: Process): Problem[] {
  // Most labels are unique: one set insertion per active field finds a repeated key (the set does
  // not grow); only if there is one are the fields numbered and the repeated keys' members
  // gathered, in a second pass.
  const stages = process.stages;
  const seen = new Set<string>();
  let repeated: Set<string> | undefined;
  for (const stage of stages) {
    for (const key of stageLabelKeys(stage)) {
      if (key === undefined) continue;
      const before = seen.size;
      seen.add(key);
      if (seen.size === before) (repeated ??= new Set()).add(key);
    }
  }
  if (!repeated) return [];
  // Active fields in document order: their label key and where they are.
  const keys: string[] = [];
  const stageOf: number[] = [];
  const indexInStage: number[] = [];
  for (let s = 0; s < stages.length; s++) {
    const stageKeys = stageLabelKeys(stages[s]!);
    for (let f = 0; f < stageKeys.length; f++) {
      const key = stageKeys[f];
      if (key === undefined) continue;
      keys.push(key);
      stageOf.push(s);
      indexInStage.push(f);
    }
  }
  const groups = new Map<string, number[]>();
  for (let n = 0; n < keys.length; n++) {
    const key = keys[n]!;
    if (!repeated.has(key)) continue;
    const group = groups.get(key);
    if (group) group.push(n);
    else groups.set(key, [n]);
  }

  const found: { last: number; problem: Problem }[] = [];
  const describe = (member: number): string => {
    const stage = stages[stageOf[member]!]!;
    return `${quote(stage.fields[indexInStage[member]!]!.label)} on ${quote(stage.name)}`;
  };
  for (const group of groups.values()) {
    const last = group[group.length - 1]!;
    const others = group.length - 1;
    const shown = group.slice(0, Math.min(3, others)).map(describe).join(', ');
    const more = others > 3 ? ` and ${others - 3} more` : '';
    const stage = stages[stageOf[last]!]!;
    const field = stage.fields[indexInStage[last]!]!;
    found.push({
      last,
      problem: {
        severity: 'warning',
        code: 'near-duplicate',
        path: `stages[${stageOf[last]!}].fields[${indexInStage[last]!}].label`,
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
