import { useState } from 'react';
import { FormFooter, Modal } from '../app/Modal';

/** What a bulk action asks for before it runs. */
export type BulkKind = 'justify' | 'challenge' | 'review-date';

interface BulkActionsProps {
  count: number;
  /** Departments that asked for the selected fields: a challenge is addressed to them. */
  addressees: string[];
  /** Runs the action; resolves when done so the dialog can close (throws to keep it open). */
  onRun: (kind: BulkKind, input: { reason: string; date: string }) => Promise<void>;
  onClear: () => void;
  /** False while the review service is not reachable: status changes are then not offered. */
  canReview: boolean;
}

const TITLE: Record<BulkKind, string> = {
  justify: 'Justify the selected fields',
  challenge: 'Challenge the selected fields',
  'review-date': 'Set the review date',
};

/** The bar above the register while rows are selected: one action for all of them. */
export function BulkActions({ count, addressees, onRun, onClear, canReview }: BulkActionsProps): React.JSX.Element {
  const [kind, setKind] = useState<BulkKind | null>(null);
  const [reason, setReason] = useState('');
  const [date, setDate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const start = (next: BulkKind): void => {
    setKind(next);
    setReason('');
    setError(null);
  };
  const submit = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    if (!kind) return;
    if (kind === 'challenge' && reason.trim() === '') {
      setError('A challenge needs a question for the department that asked for the field.');
      return;
    }
    if (kind === 'review-date' && !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setError('Choose a date.');
      return;
    }
    setBusy(true);
    try {
      await onRun(kind, { reason: reason.trim(), date });
      setKind(null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="bulk-bar" role="toolbar" aria-label="Selected fields" data-testid="bulk-bar">
      <strong>
        {count} field{count === 1 ? '' : 's'} selected
      </strong>
      {canReview && (
        <>
          <button type="button" onClick={() => start('justify')}>
            Justify…
          </button>
          <button type="button" onClick={() => start('challenge')}>
            Challenge…
          </button>
        </>
      )}
      <button type="button" onClick={() => start('review-date')}>
        Set review date…
      </button>
      <button type="button" className="link" onClick={onClear}>
        Clear selection
      </button>
      {kind && (
        <Modal title={TITLE[kind]} onClose={() => setKind(null)}>
          <form className="form-grid" onSubmit={(event) => void submit(event)} noValidate>
            <p className="muted">
              {count} field{count === 1 ? '' : 's'}
              {kind === 'challenge' && addressees.length > 0 && <> — the question goes to {addressees.join(', ')}</>}.
            </p>
            {kind === 'review-date' ? (
              <label>
                Review by
                <input type="date" value={date} onChange={(event) => setDate(event.target.value)} autoFocus />
              </label>
            ) : (
              <label>
                {kind === 'challenge' ? 'Question (required)' : 'Reason (optional)'}
                <textarea
                  rows={3}
                  value={reason}
                  onChange={(event) => setReason(event.target.value)}
                  placeholder={kind === 'challenge' ? 'Who reads this? Marketing has Lead source already.' : 'Why these fields stay'}
                  autoFocus
                />
              </label>
            )}
            <FormFooter error={error} onCancel={() => setKind(null)} submitLabel={kind === 'justify' ? 'Justify' : kind === 'challenge' ? 'Challenge' : 'Set date'} submitDisabled={busy} />
          </form>
        </Modal>
      )}
    </div>
  );
}
