import { useEditor } from '../../store/editorStore';

/** Short-lived messages, announced to screen readers. */
export function Toasts(): React.JSX.Element {
  const toasts = useEditor((state) => state.toasts);
  const dismiss = useEditor((state) => state.dismissToast);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`}>
          <span>{toast.message}</span>
          <button type="button" className="link" onClick={() => dismiss(toast.id)} aria-label="Dismiss message">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
