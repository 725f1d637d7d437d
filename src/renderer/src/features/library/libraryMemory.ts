/**
 * What the library remembers in this browser (or window) between starts: the process opened last,
 * and which set-aside notices the user has dismissed. Storage may be unavailable (private mode,
 * quota); then nothing is remembered and nothing breaks.
 */

const LAST_PROCESS = 'stagecraft:last-process';
const DISMISSED = 'stagecraft:dismissed-set-aside';

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Not remembering is acceptable; failing to open the app is not.
  }
}

/** The id of the process opened last, if any. */
export function lastOpenedProcess(): string | null {
  return read(LAST_PROCESS);
}

/** Remembers the process just opened, so the next start reopens it. */
export function rememberOpenedProcess(id: string): void {
  write(LAST_PROCESS, id);
}

/** Set-aside file names whose notice the user dismissed. */
export function dismissedSetAside(): string[] {
  try {
    const parsed: unknown = JSON.parse(read(DISMISSED) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/** Dismisses one notice (keyed by the name the file was set aside as); returns the new list. */
export function dismissSetAside(setAsideAs: string): string[] {
  const next = [...new Set([...dismissedSetAside(), setAsideAs])].slice(-200);
  write(DISMISSED, JSON.stringify(next));
  return next;
}

/**
 * Which process a bare start should open: the last one opened while it still exists, else the
 * only one; null (show the library) otherwise.
 */
export function processToReopen(ids: readonly string[], last: string | null): string | null {
  if (last !== null && ids.includes(last)) return last;
  return ids.length === 1 ? (ids[0] ?? null) : null;
}
