import type { WorkshopExit } from '../../store/workshopStore';

const TEXT: Record<Exclude<WorkshopExit, null> | 'not-joined', { title: string; body: string }> = {
  removed: {
    title: 'You were removed from the workshop',
    body: 'The facilitator took you out of this workshop. What you said before stays recorded. Ask the facilitator if you think this is a mistake.',
  },
  'session-ended': {
    title: 'You are no longer in the workshop',
    body: 'The facilitator removed you, or the workshop was restarted. What you said before stays recorded. If the workshop is still going, open the join link again (or scan the QR code).',
  },
  ended: {
    title: 'The workshop has ended',
    body: 'Thank you for taking part. Your marks, votes and questions are saved with the process.',
  },
  'not-joined': {
    title: 'This browser is not in the workshop',
    body: 'Open the join link the facilitator shares (or scan the QR code) to take part.',
  },
};

/** Shown instead of the process once a participant is out of the workshop (or was never in). */
export function ExitScreen({ kind }: { kind: Exclude<WorkshopExit, null> | 'not-joined' }): React.JSX.Element {
  const text = TEXT[kind];
  return (
    <main className="join-page">
      <div className="join-card" role="alert" data-testid="workshop-exit">
        <p className="join-kicker">Stagecraft live workshop</p>
        <h1>{text.title}</h1>
        <p>{text.body}</p>
      </div>
    </main>
  );
}
