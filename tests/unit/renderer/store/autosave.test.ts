import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyProcess, renameStage } from '../../../../src/shared/model/commands';
import type { Process } from '../../../../src/shared/model/schema';

// The API client is the only way out of the renderer: replace its `call`, keep its error type.
const call = vi.fn();
vi.mock('../../../../src/renderer/src/api/client', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../../src/renderer/src/api/client')>();
  return { ...actual, call: (...args: unknown[]) => call(...args) };
});

const { ApiError } = await import('../../../../src/renderer/src/api/client');
const { AUTOSAVE_DELAY_MS, saveNow, startAutosave } = await import('../../../../src/renderer/src/store/autosave');
const { useEditor } = await import('../../../../src/renderer/src/store/editorStore');
const { readDraft } = await import('../../../../src/renderer/src/store/drafts');

/** An in-memory localStorage and a window with listeners, as the renderer sees them. */
const storage = new Map<string, string>();
Object.assign(globalThis, {
  localStorage: {
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, v),
    removeItem: (k: string) => void storage.delete(k),
  },
  window: { addEventListener: () => undefined, removeEventListener: () => undefined },
});

function doc(): Process {
  return emptyProcess({ id: 'p', name: 'Pipeline', now: '2026-11-27T09:00:00.000Z' });
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
}

const editor = () => useEditor.getState();
const rename = (name: string) => editor().apply((d) => renameStage(d, 'new-lead', name), { capture: 'record' });
const savedAs = (revision: number) => ({ ...editor().doc!, revision });

let stop: () => void = () => undefined;

beforeEach(() => {
  vi.useFakeTimers();
  call.mockReset();
  storage.clear();
  editor().load(doc());
  stop = startAutosave();
});

afterEach(() => {
  stop();
  editor().close();
  vi.useRealTimers();
});

describe('autosave', () => {
  it('saves after the quiet time, against the revision it was opened at', async () => {
    call.mockImplementation(async () => savedAs(1));
    rename('Inbound');
    expect(call).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(call).toHaveBeenCalledTimes(1);
    expect(call.mock.calls[0]![1]).toMatchObject({ baseRevision: 0 });
    expect(call.mock.calls[0]![1].process).not.toHaveProperty('revision');
    expect(editor().saveStatus).toBe('saved');
    expect(editor().baseRevision).toBe(1);
  });

  it('does not start a second save while one is in flight, and saves the later edit after it', async () => {
    const first = deferred<Process>();
    call.mockImplementationOnce(() => first.promise);
    rename('A');
    const sending = saveNow();
    rename('AB');
    await saveNow();
    expect(call).toHaveBeenCalledTimes(1);
    first.resolve({ ...doc(), revision: 1 });
    await sending;
    expect(editor().saveStatus).toBe('pending');
    call.mockImplementationOnce(async () => ({ ...editor().doc!, revision: 2 }));
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(call).toHaveBeenCalledTimes(2);
    expect(call.mock.calls[1]![1]).toMatchObject({ baseRevision: 1, process: { stages: expect.arrayContaining([expect.objectContaining({ name: 'AB' })]) } });
    expect(editor().saveStatus).toBe('saved');
  });

  it('stops on a conflict, keeps the edits as a draft and does not retry on its own', async () => {
    call.mockRejectedValueOnce(new ApiError({ code: 'conflict', message: 'stale', currentRevision: 3 }));
    rename('Mine');
    await saveNow();
    expect(editor().saveStatus).toBe('conflict');
    expect(readDraft('p')).toMatchObject({ baseRevision: 0, doc: { stages: expect.arrayContaining([expect.objectContaining({ name: 'Mine' })]) } });
    rename('Mine 2');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 3);
    await saveNow();
    expect(call).toHaveBeenCalledTimes(1);
  });

  it('keeps a draft when the host is unreachable, and clears it once a save succeeds', async () => {
    call.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    rename('Offline');
    await saveNow();
    expect(editor().saveStatus).toBe('error');
    expect(readDraft('p')).not.toBeNull();
    call.mockImplementationOnce(async () => savedAs(1));
    await saveNow();
    expect(editor().saveStatus).toBe('saved');
    expect(readDraft('p')).toBeNull();
  });

  it('ignores a reply for a process that was closed while it was in flight', async () => {
    const reply = deferred<Process>();
    call.mockImplementationOnce(() => reply.promise);
    rename('Gone');
    const sending = saveNow();
    editor().load({ ...doc(), id: 'other' });
    reply.resolve({ ...doc(), revision: 7 });
    await sending;
    expect(editor().doc!.id).toBe('other');
    expect(editor().baseRevision).toBe(0);
  });
});
