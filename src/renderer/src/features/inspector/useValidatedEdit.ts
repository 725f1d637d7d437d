import { useState } from 'react';
import type { z } from 'zod';
import { formatPath } from '../../../../shared/model/problems';

/** What the user typed into one input, and the value it was committed as (when it was valid). */
export interface Draft {
  raw: string;
  /** True once the raw text parsed and validated and was handed to `commit`. */
  committed: boolean;
  /** The parsed value that was committed. */
  value?: unknown;
}

/** The text a document value shows as: '' for none. */
export function valueText(current: unknown): string {
  return current === undefined || current === null ? '' : String(current);
}

/**
 * The text an input shows. The user's raw text wins while it is invalid, and while the document
 * still holds the value that text was committed as (so "1." stays "1." while typing "1.5"). Once
 * the document moved on without it — undo, redo, another tab — the document's value shows, and
 * the next keystroke builds on that rather than re-committing the undone text.
 */
export function shownText(draft: Draft | undefined, current: unknown): string {
  if (!draft) return valueText(current);
  if (!draft.committed) return draft.raw;
  return sameCommitted(draft.value, current) ? draft.raw : valueText(current);
}

// Commands may trim what they store (a stage name), so "Closed " committed as "Closed" is the same.
function sameCommitted(committed: unknown, current: unknown): boolean {
  if (Object.is(committed, current)) return true;
  return typeof committed === 'string' && typeof current === 'string' && committed.trim() === current.trim();
}

/**
 * Inline-validated editing of one object against a zod schema. Inputs show their draft text while it
 * is invalid (with the schema's message) and the document value otherwise. A valid change is
 * handed to `commit` at once, so the document, autosave and undo see every valid edit.
 */
export function useValidatedEdit<T extends Record<string, unknown>>(
  value: T,
  schema: z.ZodType<T>,
  commit: (patch: Partial<T>, key: string) => void,
): {
  text: (key: keyof T & string) => string;
  error: (key: keyof T & string) => string | undefined;
  change: (key: keyof T & string, raw: string, parse: (raw: string) => unknown) => void;
  set: (key: keyof T & string, next: unknown) => void;
} {
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});

  const validate = (key: string, next: unknown): string | undefined => {
    const candidate = { ...value, [key]: next };
    if (next === undefined) delete (candidate as Record<string, unknown>)[key];
    const result = schema.safeParse(candidate);
    if (result.success) return undefined;
    const issue = result.error.issues.find((item) => item.path[0] === key) ?? result.error.issues[0];
    if (!issue) return undefined;
    const where = issue.path[0] === key ? '' : `${formatPath(issue.path)}: `;
    return `${where}${issue.message}`;
  };

  const set = (key: string, next: unknown): void => {
    const message = validate(key, next);
    setErrors((current) => {
      const copy = { ...current };
      if (message) copy[key] = message;
      else delete copy[key];
      return copy;
    });
    if (!message) {
      setDrafts((current) => {
        const copy = { ...current };
        delete copy[key];
        return copy;
      });
      commit({ [key]: next } as Partial<T>, key);
    }
  };

  return {
    text: (key) => shownText(drafts[key], value[key]),
    error: (key) => errors[key],
    change: (key, raw, parse) => {
      setDrafts((current) => ({ ...current, [key]: { raw, committed: false } }));
      let parsed: unknown;
      try {
        parsed = parse(raw);
      } catch (error) {
        setErrors((current) => ({ ...current, [key]: error instanceof Error ? error.message : String(error) }));
        return;
      }
      const message = validate(key, parsed);
      if (message) {
        setErrors((current) => ({ ...current, [key]: message }));
        return;
      }
      setErrors((current) => {
        const copy = { ...current };
        delete copy[key];
        return copy;
      });
      setDrafts((current) => ({ ...current, [key]: { raw, committed: true, value: parsed } }));
      commit({ [key]: parsed } as Partial<T>, key);
    },
    set,
  };
}

/** Parses a number input: '' → undefined (for optional values), else a finite number. */
export function parseOptionalNumber(raw: string): number | undefined {
  const trimmed = raw.trim().replace(',', '.');
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) throw new Error('must be a number');
  return value;
}

/** Parses a required number input. */
export function parseNumber(raw: string): number {
  const value = parseOptionalNumber(raw);
  if (value === undefined) throw new Error('must not be empty');
  return value;
}
