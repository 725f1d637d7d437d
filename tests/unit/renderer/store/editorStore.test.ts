import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addStage, emptyProcess, renameStage } from '../../../../src/shared/model/commands';
import type { Process } from '../../../../src/shared/model/schema';
import { COALESCE_MS, selectCanRedo, selectCanUndo, useEditor } from '../../../../src/renderer/src/store/editorStore';

function doc(): Process {
  return emptyProcess({ id: 'p', name: 'Pipeline', now: '2026-11-27T09:00:00.000Z' });
}

let now = 0;

beforeEach(() => {
  vi.useFakeTimers();
  now = 10_000;
  useEditor.setState({ clock: () => now, toasts: [] });
  useEditor.getState().load(doc());
});

afterEach(() => {
  useEditor.getState().close();
  vi.useRealTimers();
});

const editor = () => useEditor.getState();

describe('editor store: apply', () => {
  it('records an edit as one undo step and marks the document pending', () => {
    const changed = editor().apply((d) => renameStage(d, 'new-lead', 'Inbound'), { capture: 'record' });
    expect(changed).toBe(true);
    expect(editor().doc!.stages[0]!.name).toBe('Inbound');
    expect(editor().saveStatus).toBe('pending');
    editor().undo();
    expect(editor().doc!.stages[0]!.name).toBe('New lead');
    expect(selectCanRedo(editor())).toBe(true);
  });

  it('coalesces typing into one undo step by key, on the clock it is given', () => {
    editor().apply((d) => renameStage(d, 'new-lead', 'I'), { capture: { coalesce: 'stage:name' } });
    now += COALESCE_MS - 1;
    editor().apply((d) => renameStage(d, 'new-lead', 'In'), { capture: { coalesce: 'stage:name' } });
    now += COALESCE_MS + 1;
    editor().apply((d) => renameStage(d, 'new-lead', 'Inb'), { capture: { coalesce: 'stage:name' } });
    editor().undo();
    expect(editor().doc!.stages[0]!.name).toBe('In');
    editor().undo();
    expect(editor().doc!.stages[0]!.name).toBe('New lead');
    expect(selectCanUndo(editor())).toBe(false);
  });

  it('applies an ignored change without an undo step', () => {
    editor().apply((d) => renameStage(d, 'new-lead', 'Remote'), { capture: 'ignore' });
    expect(editor().doc!.stages[0]!.name).toBe('Remote');
    expect(selectCanUndo(editor())).toBe(false);
  });

  it('turns a refused command into an error toast and leaves the document alone', () => {
    const before = editor().doc;
    const changed = editor().apply((d) => renameStage(d, 'no-such-stage', 'X'), { capture: 'record' });
    expect(changed).toBe(false);
    expect(editor().doc).toBe(before);
    expect(editor().toasts).toEqual([expect.objectContaining({ kind: 'error', message: 'There is no stage with id "no-such-stage"' })]);
    vi.advanceTimersByTime(8000);
    expect(editor().toasts).toEqual([]);
  });

  it('lets a programming error surface instead of hiding it in a toast', () => {
    expect(() =>
      editor().apply(() => {
        throw new TypeError('bug');
      }, { capture: 'record' }),
    ).toThrow('bug');
    expect(editor().toasts).toEqual([]);
  });

  it('reports no change when the command returns the document itself', () => {
    expect(editor().apply((d) => d, { capture: 'record' })).toBe(false);
    expect(editor().saveStatus).toBe('saved');
  });

  it('keeps a conflict visible through further edits', () => {
    editor().markSaveFailed('conflict', 'changed elsewhere');
    editor().apply((d) => renameStage(d, 'new-lead', 'X'), { capture: 'record' });
    expect(editor().saveStatus).toBe('conflict');
  });
});

describe('editor store: undo and saving', () => {
  it('drops a selected stage that undo removed', () => {
    editor().apply((d) => addStage(d, { id: 'qualify', name: 'Qualify', position: { x: 0, y: 0 } }), { capture: 'record' });
    editor().selectStage('qualify');
    editor().undo();
    expect(editor().selection.stageIds).toEqual([]);
  });

  it('stays pending when the document changed while a save was in flight', () => {
    editor().apply((d) => renameStage(d, 'new-lead', 'A'), { capture: 'record' });
    const sent = editor().doc!;
    editor().markSaving();
    editor().apply((d) => renameStage(d, 'new-lead', 'AB'), { capture: 'record' });
    editor().markSaved({ ...sent, revision: 1 }, sent);
    expect(editor().saveStatus).toBe('pending');
    expect(editor().baseRevision).toBe(1);
    expect(editor().savedDoc).toBe(sent);
  });

  it('starts each loaded document with an empty history and selection', () => {
    editor().apply((d) => renameStage(d, 'new-lead', 'A'), { capture: 'record' });
    editor().selectStage('new-lead');
    editor().load(doc());
    expect(selectCanUndo(editor())).toBe(false);
    expect(editor().selection).toEqual({ stageIds: [], transitionIds: [] });
  });
});

describe('editor store: the live workshop room', () => {
  afterEach(() => editor().setEditLock(null));

  it('refuses every edit, undo and inline edit while locked, saying who edits instead', () => {
    editor().apply((d) => renameStage(d, 'new-lead', 'Inbound'), { capture: 'record' });
    editor().setEditLock('The facilitator edits the process; propose a change instead');
    expect(editor().apply((d) => renameStage(d, 'new-lead', 'Mine'), { capture: 'record' })).toBe(false);
    editor().undo();
    editor().setRenamingStage('new-lead');
    expect(editor().doc!.stages[0]!.name).toBe('Inbound');
    expect(editor().renamingStageId).toBeNull();
    expect(editor().toasts.map((toast) => toast.message)).toContain('The facilitator edits the process; propose a change instead.');
  });

  it('takes the facilitator’s newer version without an undo step or a save, keeping the selection that still exists', () => {
    editor().selectStage('new-lead');
    const remote = { ...renameStage(doc(), 'new-lead', 'Inbound'), revision: 4 };
    editor().receiveRemote(remote);
    expect(editor().doc).toBe(remote);
    expect(editor().saveStatus).toBe('saved');
    expect(selectCanUndo(editor())).toBe(false);
    expect(editor().selection.stageIds).toEqual(['new-lead']);
    editor().receiveRemote({ ...remote, stages: remote.stages.filter((stage) => stage.id !== 'new-lead'), transitions: [] });
    expect(editor().selection.stageIds).toEqual([]);
  });
});
