import { useEffect, useRef, type ReactNode } from 'react';

interface ModalProps {
  title: string;
  children: ReactNode;
  onClose: () => void;
  /** Extra class for a wider or full-screen dialog. */
  className?: string;
}

/** An accessible modal built on <dialog>: focus is trapped, Escape closes. */
export function Modal({ title, children, onClose, className }: ModalProps): React.JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={className ? `modal ${className}` : 'modal'}
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2>{title}</h2>
      {children}
    </dialog>
  );
}

interface ConfirmProps {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Yes/no question; the safe answer has focus. */
export function ConfirmDialog({ title, message, confirmLabel, danger, onConfirm, onCancel }: ConfirmProps): React.JSX.Element {
  return (
    <Modal title={title} onClose={onCancel}>
      <div className="modal-body">{message}</div>
      <div className="modal-actions">
        <button type="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className={danger ? 'danger' : 'primary'} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}

interface FormFooterProps {
  /** A readable error from the last attempt, announced to screen readers. */
  error?: string | null;
  onCancel: () => void;
  submitLabel: ReactNode;
  /** Disables the submit button (e.g. while busy or until the form is complete). */
  submitDisabled?: boolean;
  /** Focus the submit button when the dialog opens (when the form has no input to start in). */
  autoFocusSubmit?: boolean;
}

/** The end of every dialog form: the last error, then Cancel and the submit button. */
export function FormFooter({ error, onCancel, submitLabel, submitDisabled, autoFocusSubmit }: FormFooterProps): React.JSX.Element {
  return (
    <>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={submitDisabled} autoFocus={autoFocusSubmit}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
