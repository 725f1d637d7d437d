import { useState } from 'react';
import { FormFooter, Modal } from '../app/Modal';

interface ReasonDialogProps {
  title: string;
  /** What the reason is for, shown above the box. */
  intro?: React.ReactNode;
  label: string;
  placeholder?: string;
  required: boolean;
  /** Message shown when a required reason is left empty. */
  requiredMessage?: string;
  confirmLabel: string;
  onConfirm: (reason: string) => Promise<void> | void;
  onCancel: () => void;
}

/** Asks for a reason before an action that records one; keeps the dialog open if the action fails. */
export function ReasonDialog({
  title,
  intro,
  label,
  placeholder,
  required,
  requiredMessage,
  confirmLabel,
  onConfirm,
  onCancel,
}: ReasonDialogProps): React.JSX.Element {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    if (required && reason.trim() === '') {
      setError(requiredMessage ?? 'A reason is required.');
      return;
    }
    setBusy(true);
    try {
      await onConfirm(reason.trim());
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setBusy(false);
    }
  };
  return (
    <Modal title={title} onClose={onCancel}>
      <form className="form-grid" onSubmit={(event) => void submit(event)} noValidate>
        {intro && <div className="muted">{intro}</div>}
        <label>
          {label}
          <textarea rows={3} value={reason} placeholder={placeholder} onChange={(event) => setReason(event.target.value)} autoFocus />
        </label>
        <FormFooter error={error} onCancel={onCancel} submitLabel={confirmLabel} submitDisabled={busy} />
      </form>
    </Modal>
  );
}
