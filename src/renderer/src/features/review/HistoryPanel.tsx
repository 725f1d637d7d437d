import { useEffect, useMemo, useState } from 'react';
import type { HistoryRow } from '../../../../shared/review/schema';
import { call, errorMessage } from '../../api/client';
import { saveNow } from '../../store/autosave';
import { useEditor } from '../../store/editorStore';
import { requireIdentity } from '../../store/identityStore';
import { useReview } from '../../store/reviewStore';
import { endSession, showReadOnly } from '../../store/viewSession';
import { ReasonDialog } from './ReasonDialog';
import { formatWhen } from './when';

const KIND_LABEL: Record<HistoryRow['kind'], string> = {
  save: 'Saved',
  autosave: 'Autosaved',
  restore: 'Restored',
  proposal: 'Proposal accepted',
  review: 'Review decision',
  import: 'Imported',
  baseline: 'First stored version',
};

interface HistoryPanelProps {
  /** Shows the canvas (after opening a revision read-only). */
  onShowCanvas: () => void;
  onCompare: (from: number, to: number) => void;
}

/**
 * Every stored revision, newest first: who, when, what changed, why. Consecutive autosaves by one
 * person are folded into one line that opens to show each (each stays restorable).
 */
export function HistoryPanel({ onShowCanvas, onCompare }: HistoryPanelProps): React.JSX.Element {
  const rows = useReview((state) => state.history);
  const setAside = useReview((state) => state.historySetAside);
  const departments = useEditor((state) => state.doc?.departments ?? []);
  const current = useEditor((state) => state.baseRevision);
  const [picked, setPicked] = useState<number[]>([]);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [restoring, setRestoring] = useState<HistoryRow | null>(null);
  const [noting, setNoting] = useState(false);

  useEffect(() => {
    void useReview.getState().refreshHistory();
  }, []);

  const groups = useMemo(() => {
    const out: Array<{ group: number; rows: HistoryRow[] }> = [];
    for (const row of rows) {
      const last = out[out.length - 1];
      if (last && last.group === row.group) last.rows.push(row);
      else out.push({ group: row.group, rows: [row] });
    }
    return out;
  }, [rows]);
  const departmentName = (id: string): string => departments.find((item) => item.id === id)?.name ?? id;

  const pick = (revision: number): void =>
    setPicked((currentPicks) =>
      currentPicks.includes(revision) ? currentPicks.filter((item) => item !== revision) : [...currentPicks, revision].slice(-2),
    );

  const open = async (row: HistoryRow): Promise<void> => {
    const processId = useReview.getState().processId;
    if (!processId) return;
    try {
      const result = await call('history:open', { processId, revision: row.revision });
      await showReadOnly(result.process, `Revision ${row.revision}`);
      useReview.getState().setRevision(result.entry);
      onShowCanvas();
    } catch (error) {
      useEditor.getState().notify(errorMessage(error), 'error');
    }
  };

  const restore = async (row: HistoryRow, reason: string): Promise<void> => {
    const processId = useReview.getState().processId;
    const author = await requireIdentity('A restore is a new revision, recorded with who made it.');
    if (!processId || !author) return;
    await endSession();
    useReview.getState().setRevision(null);
    await saveNow({ kind: 'autosave' });
    const restored = await call('history:restore', {
      processId,
      revision: row.revision,
      author: { name: author.name.trim(), departmentId: author.departmentId },
      baseRevision: useEditor.getState().baseRevision,
      ...(reason ? { reason } : {}),
    });
    useEditor.getState().load(restored);
    useEditor.getState().notify(`Revision ${row.revision} restored as revision ${restored.revision}.`);
    setRestoring(null);
    await useReview.getState().refreshHistory();
  };

  const saveWithNote = async (note: string): Promise<void> => {
    if (!(await requireIdentity('A note is recorded with who wrote it.'))) return;
    const state = useEditor.getState();
    if (state.doc === state.savedDoc) {
      throw new Error('Nothing has changed since the last save: a note goes with a change. Edit, then save with a note.');
    }
    await saveNow({ kind: 'save', reason: note });
    if (useEditor.getState().saveStatus !== 'saved') throw new Error(useEditor.getState().saveMessage ?? 'The save failed.');
    setNoting(false);
    await useReview.getState().refreshHistory();
  };

  return (
    <div className="history" data-testid="history">
      <div className="history-actions">
        <button type="button" onClick={() => setNoting(true)} title="Save now, with a note kept in the history">
          Save with note…
        </button>
        <button
          type="button"
          disabled={picked.length !== 2}
          onClick={() => {
            const [a = 0, b = 0] = [...picked].sort((x, y) => x - y);
            onCompare(a, b);
          }}
        >
          Compare the two ticked
        </button>
        <span className="muted small">Tick two revisions to compare them; open one to see it on the canvas and in the register.</span>
      </div>
      {setAside > 0 && (
        <p className="banner banner-warning" role="note">
          {setAside} damaged history {setAside === 1 ? 'entry was' : 'entries were'} set aside; every other revision is intact.
        </p>
      )}
      {rows.length === 0 && <p className="empty-state">No stored revisions yet. Every save will be listed here.</p>}
      <ol className="history-list" aria-label="Revisions, newest first">
        {groups.map(({ group, rows: members }) => {
          const folded = members.length > 1 && !expanded.has(group);
          const shown = folded ? members.slice(0, 1) : members;
          return (
            <li key={group} className="history-group">
              {shown.map((row) => (
                <div key={row.revision} className={`history-row kind-${row.kind}`} data-testid="history-row" data-revision={row.revision}>
                  <input type="checkbox" aria-label={`Tick revision ${row.revision} to compare`} checked={picked.includes(row.revision)} onChange={() => pick(row.revision)} />
                  <div className="history-main">
                    <div>
                      <strong>Revision {row.revision}</strong>
                      {row.revision === current && <span className="current-badge">current</span>}{' '}
                      <span className="muted">
                        {KIND_LABEL[row.kind]} · {formatWhen(row.at)} ·{' '}
                        {row.author ? `${row.author.name} (${departmentName(row.author.departmentId)})` : 'author unknown'}
                      </span>
                    </div>
                    <div className="history-summary">{row.summary || 'no change'}</div>
                    {row.reason && <div className="history-reason">Reason: “{row.reason}”</div>}
                    {row.restoredFrom !== undefined && <div className="muted small">Brought back revision {row.restoredFrom}</div>}
                    {row.proposal && (
                      <div className="history-proposal small">
                        Proposal “{row.proposal.title}” by {row.proposal.author.name} ({departmentName(row.proposal.author.departmentId)}) · approved by{' '}
                        {row.proposal.approvers.length > 0
                          ? row.proposal.approvers.map((approver) => `${approver.name} (${departmentName(approver.departmentId)})`).join(', ')
                          : 'nobody'}
                      </div>
                    )}
                    {folded && (
                      <button type="button" className="link small" onClick={() => setExpanded(new Set([...expanded, group]))}>
                        {members.length - 1} earlier autosave{members.length === 2 ? '' : 's'} by the same person — show
                      </button>
                    )}
                  </div>
                  <div className="history-buttons">
                    <button type="button" onClick={() => void open(row)}>
                      Open
                    </button>
                    {row.revision !== current && (
                      <>
                        <button type="button" onClick={() => onCompare(row.revision, current)}>
                          Compare with current
                        </button>
                        <button type="button" onClick={() => setRestoring(row)}>
                          Restore…
                        </button>
                      </>
                    )}
                  </div>
                </div>
              ))}
            </li>
          );
        })}
      </ol>
      {restoring && (
        <ReasonDialog
          title={`Restore revision ${restoring.revision}`}
          intro={`Revision ${restoring.revision} becomes a new revision on top of the history; nothing is deleted and revision ${current} stays restorable.`}
          label="Reason (optional)"
          required={false}
          confirmLabel="Restore as a new revision"
          onConfirm={(reason) => restore(restoring, reason)}
          onCancel={() => setRestoring(null)}
        />
      )}
      {noting && (
        <ReasonDialog
          title="Save with note"
          intro="The note is kept with this revision in the history."
          label="Note"
          required
          requiredMessage="Write the note, or use Ctrl+S to save without one."
          confirmLabel="Save"
          onConfirm={saveWithNote}
          onCancel={() => setNoting(false)}
        />
      )}
    </div>
  );
}
