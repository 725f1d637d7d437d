import { useWorkshop } from '../../store/workshopStore';

/** "Live" while connected; "Reconnecting… N queued" while the connection is lost. */
export function ConnectionBadge(): React.JSX.Element | null {
  const connection = useWorkshop((state) => state.connection);
  const queued = useWorkshop((state) => state.queue.length);
  if (connection === 'off') return null;
  const text =
    connection === 'live'
      ? queued > 0
        ? `Live · ${queued} sending`
        : 'Live'
      : connection === 'connecting'
        ? 'Connecting…'
        : `Reconnecting…${queued > 0 ? ` ${queued} queued` : ''}`;
  return (
    <span
      className={`connection-badge connection-${connection}`}
      role="status"
      aria-live="polite"
      data-testid="connection-badge"
      title={
        connection === 'live'
          ? 'Connected to the workshop: what you see is live'
          : 'The connection to the workshop is lost: what you do is kept and sent when it is back'
      }
    >
      <span className="connection-dot" aria-hidden="true" />
      {text}
    </span>
  );
}
