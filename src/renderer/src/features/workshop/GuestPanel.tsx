import { useMemo } from 'react';
import { useEditor } from '../../store/editorStore';
import { useWorkshop } from '../../store/workshopStore';
import { ConnectionBadge } from './ConnectionBadge';
import { participantRows } from './participants';
import { leadOf, onlineParticipants } from './presence';

/**
 * The room as a participant or observer sees it: who they are, following the facilitator, who
 * else is here, and what of theirs is still waiting to be sent.
 */
export function GuestPanel(): React.JSX.Element | null {
  const whoami = useWorkshop((state) => state.whoami);
  const role = useWorkshop((state) => state.role);
  const room = useWorkshop((state) => state.room);
  const peers = useWorkshop((state) => state.peers);
  const queue = useWorkshop((state) => state.queue);
  const doc = useEditor((state) => state.doc);
  const connection = useWorkshop((state) => state.connection);
  const myStage = useEditor((state) => (state.selection.stageIds.length === 1 ? (state.selection.stageIds[0] ?? null) : null));
  const myId = whoami?.participant?.id;
  const rows = useMemo(() => {
    const online = onlineParticipants(peers);
    // The room's presence leaves this browser out: it is here while its connection is.
    if (myId && connection === 'live') online.set(myId, myStage);
    return participantRows(room.participants, online, doc);
  }, [room.participants, peers, doc, myId, connection, myStage]);
  const lead = leadOf(peers);
  const me = whoami?.participant;
  if (!me) return null;
  const department = doc?.departments.find((item) => item.id === me.departmentId);
  const facilitatorHere = peers.some((peer) => peer.user.role === 'facilitator');

  return (
    <div className="workshop-panel guest-panel" data-testid="guest-panel">
      <div className="workshop-head">
        <h2>Live workshop</h2>
        <ConnectionBadge />
      </div>
      <p>
        You are <strong>{me.name}</strong>
        {department ? ` · ${department.name}` : ''} <span className="muted">({role === 'observer' ? 'observer, read-only' : 'participant'})</span>
      </p>
      <FollowToggle />
      <p className="muted small">
        {lead ? 'The facilitator is leading the walk-through.' : facilitatorHere ? 'The facilitator is here.' : 'The facilitator is not connected right now.'}
      </p>
      {role === 'participant' && (
        <div className="how-to">
          <h3>How to take part</h3>
          <ol className="small">
            <li>Open a field: click a stage on the graph, then the field — or use the Field register.</li>
            <li>
              Say <strong>I fill this</strong> or <strong>I read this</strong>, and vote <strong>Keep</strong>, <strong>Drop</strong> or{' '}
              <strong>Not sure</strong>.
            </li>
            <li>
              <strong>Challenge</strong> a field with a question, or comment. To change the process, propose a change (Review › Proposals).
            </li>
          </ol>
        </div>
      )}
      {queue.length > 0 && (
        <section aria-labelledby="queued-heading">
          <h3 id="queued-heading">Waiting to be sent ({queue.length})</h3>
          <ul className="queued-list" data-testid="queued-list">
            {queue.map((op) => (
              <li key={op.input.opId}>{op.label}</li>
            ))}
          </ul>
          <p className="muted small">Kept on this device and sent as soon as the connection is back.</p>
        </section>
      )}
      <section aria-labelledby="room-people">
        <h3 id="room-people">In the room ({rows.filter((row) => row.online).length} here)</h3>
        <ul className="participant-list">
          {rows.map((row) => (
            <li key={row.id} className="participant" data-online={row.online}>
              <span className={`online-dot${row.online ? ' on' : ''}`} aria-hidden="true" />
              <span className="participant-name">
                {row.name}
                {row.id === me.id ? ' (you)' : ''}
              </span>
              <span className="chip" style={{ borderColor: row.department.color, color: row.department.color }}>
                {row.department.name}
              </span>
              <span className="visually-hidden">{row.online ? 'online' : 'away'}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** "Follow the facilitator": on by default; off lets a participant look around on their own. */
export function FollowToggle(): React.JSX.Element {
  const following = useWorkshop((state) => state.following);
  return (
    <label className="follow-toggle checkbox">
      <input type="checkbox" checked={following} onChange={(event) => useWorkshop.getState().setFollowing(event.target.checked)} />
      Follow the facilitator
    </label>
  );
}
