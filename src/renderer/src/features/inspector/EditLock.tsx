import type { ReactNode } from 'react';
import { useEditor } from '../../store/editorStore';
import { useWorkshop } from '../../store/workshopStore';

/**
 * Editing controls that the room may see but not use: one disabled fieldset, so every input,
 * select and button inside is disabled at once, with the reason as its tooltip. Outside a
 * workshop it is an invisible wrapper.
 */
export function EditLock({ children }: { children: ReactNode }): React.JSX.Element {
  const lock = useEditor((state) => state.editLock);
  return (
    <fieldset className="edit-lock" disabled={lock !== null} title={lock ?? undefined}>
      {children}
    </fieldset>
  );
}

/** Says once, above a locked form, why it is locked and where to go instead. */
export function EditLockNote(): React.JSX.Element | null {
  const lock = useEditor((state) => state.editLock);
  const participant = useWorkshop((state) => state.role === 'participant');
  if (!lock) return null;
  return (
    <p className="lock-note" role="note" data-testid="edit-lock-note">
      {participant ? (
        <>
          {lock}:{' '}
          <button type="button" className="link" onClick={() => useWorkshop.getState().requestPropose()}>
            start a proposal
          </button>
        </>
      ) : (
        'You are observing: the process is read-only.'
      )}
    </p>
  );
}
