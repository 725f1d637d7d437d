import { useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useEditor } from '../../store/editorStore';
import { useWorkshop } from '../../store/workshopStore';
import { ConfirmDialog } from '../app/Modal';
import { formatWhen } from '../review/when';
import { ConnectionBadge } from './ConnectionBadge';
import { feedKey, feedLine, participantRows, type ParticipantRow } from './participants';
import { onlineParticipants } from './presence';
import { endWorkshop, revealResults, revokeParticipant } from './workshopActions';

/**
 * The facilitator's side panel while a workshop is open: the join link, "follow me", revealing
 * the vote results, who is here (online, department, the stage they look at) with Revoke, the
 * activity of the room, and ending the workshop.
 */
export function WorkshopPanel({ onShowJoin }: { onShowJoin: () => void }): React.JSX.Element | null {
  const info = useWorkshop((state) => state.info);
  const room = useWorkshop((state) => state.room);
  const peers = useWorkshop((state) => state.peers);
  const leading = useWorkshop((state) => state.leading);
  const allVotes = useWorkshop((state) => state.allVotes);
  const doc = useEditor((state) => state.doc);
  const [revoking, setRevoking] = useState<ParticipantRow | null>(null);
  const [ending, setEnding] = useState(false);
  const [busy, setBusy] = useState(false);
  // What arrived is seen once this panel shows it.
  const unseen = useWorkshop((state) => state.unseen);
  useEffect(() => {
    if (unseen > 0) useWorkshop.getState().clearUnseen();
  }, [unseen]);

  const rows = useMemo(() => participantRows(room.participants, onlineParticipants(peers), doc), [room.participants, peers, doc]);
  const fail = (error: unknown): void => useEditor.getState().notify(errorMessage(error), 'error');

  if (!info) return null;
  const revealed = room.resultsRevealed || info.resultsRevealed;
  const onlineCount = rows.filter((row) => row.online).length;
  const feed = [...room.feed].reverse();

  return (
    <div className="workshop-panel" data-testid="workshop-panel">
      <div className="workshop-head">
        <h2>Live workshop</h2>
        <ConnectionBadge />
      </div>
      <p className="muted small">
        Started {formatWhen(info.startedAt)} · {onlineCount} of {rows.length} here · {room.marks.length} mark{room.marks.length === 1 ? '' : 's'} ·{' '}
        {allVotes?.length ?? 0} vote{allVotes?.length === 1 ? '' : 's'} · {room.challenges.length} challenge{room.challenges.length === 1 ? '' : 's'}
      </p>
      <div className="workshop-join-row">
        <code className="workshop-url" title={info.joinUrl}>
          {info.joinUrl.replace(/token=.*/, 'token=…')}
        </code>
        <button type="button" onClick={onShowJoin} title="Show the join link and QR code for the room (Shift+W)">
          Join link &amp; QR
        </button>
      </div>
      <div className="workshop-controls" role="group" aria-label="Workshop controls">
        <button
          type="button"
          aria-pressed={leading}
          onClick={() => useWorkshop.getState().setLeading(!leading)}
          title="Participants who follow you see the stage you select, and presentation mode when you present"
        >
          {leading ? '◉ Following me' : 'Follow me'}
        </button>
        <button
          type="button"
          aria-pressed={revealed}
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void revealResults(!revealed)
              .catch(fail)
              .finally(() => setBusy(false));
          }}
          title={revealed ? 'The room sees the vote results; hide them again' : 'Only you see the votes; show the results to the room'}
        >
          {revealed ? 'Hide results' : 'Reveal results'}
        </button>
      </div>

      <section aria-labelledby="workshop-people">
        <h3 id="workshop-people">People ({rows.length})</h3>
        {rows.length === 0 && <p className="empty-state">Nobody has joined yet. Share the join link or show the QR code.</p>}
        <ul className="participant-list">
          {rows.map((row) => (
            <li key={row.id} className="participant" data-testid="participant" data-online={row.online}>
              <span className={`online-dot${row.online ? ' on' : ''}`} aria-hidden="true" />
              <span className="participant-name">{row.name}</span>
              <span className="chip" style={{ borderColor: row.department.color, color: row.department.color }}>
                {row.department.name}
              </span>
              <span className="muted small">{row.role === 'observer' ? 'observer' : 'participant'}</span>
              <span className="visually-hidden">{row.online ? 'online' : 'away'}</span>
              <span className="participant-stage muted small">{row.online ? (row.stageName ? `at ${row.stageName}` : 'here') : 'away'}</span>
              <button type="button" className="danger small-button" onClick={() => setRevoking(row)} aria-label={`Revoke ${row.name}`}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="workshop-feed">
        <h3 id="workshop-feed">Activity</h3>
        {feed.length === 0 && <p className="muted small">Challenges and comments from the room appear here as they arrive.</p>}
        <ol className="activity-feed" data-testid="activity-feed" aria-live="polite">
          {feed.map((item) => {
            const line = feedLine(item, room.participants, doc?.departments ?? []);
            return (
              <li key={feedKey(item)} className={`feed-item feed-${item.kind}`}>
                <span className="feed-icon" aria-hidden="true">
                  {item.kind === 'challenge' ? '?' : item.kind === 'comment' ? '“' : '→'}
                </span>
                <span>
                  <strong>{line.who}</strong> {line.what}
                  <span className="muted small"> · {formatWhen(item.at)}</span>
                </span>
              </li>
            );
          })}
        </ol>
      </section>

      <div className="workshop-end">
        <button type="button" className="danger" onClick={() => setEnding(true)}>
          End workshop…
        </button>
      </div>

      {revoking && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          message={
            <p>
              {revoking.name} ({revoking.department.name}) is disconnected at once and cannot rejoin with their browser. What they already said stays in the
              workshop’s record.
            </p>
          }
          confirmLabel="Revoke"
          danger
          onCancel={() => setRevoking(null)}
          onConfirm={() => {
            const who = revoking;
            setRevoking(null);
            void revokeParticipant(who.id)
              .then(() => useEditor.getState().notify(`${who.name} was removed from the workshop.`))
              .catch(fail);
          }}
        />
      )}
      {ending && (
        <ConfirmDialog
          title="End the workshop?"
          message={
            <p>
              Everyone’s connection closes and the join link stops working. The marks, votes and challenges are saved with the process; your edits are
              saved as usual.
            </p>
          }
          confirmLabel="End workshop"
          danger
          onCancel={() => setEnding(false)}
          onConfirm={() => {
            setEnding(false);
            void endWorkshop().catch(fail);
          }}
        />
      )}
    </div>
  );
}
