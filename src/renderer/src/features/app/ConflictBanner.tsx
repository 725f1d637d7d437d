import { useState } from 'react';
import { call, errorMessage } from '../../api/client';
import { useEditor } from '../../store/editorStore';
import { saveNow } from '../../store/autosave';

/** Save trouble, stated plainly, with every way out that loses nothing. */
export function ConflictBanner({ onOpenCopy }: { onOpenCopy: (id: string) => void }): React.JSX.Element | null {
  const status = useEditor((state) => state.saveStatus);
  const message = useEditor((state) => state.saveMessage);
  const [busy, setBusy] = useState(false);
  if (status !== 'conflict' && status !== 'error') return null;

  const reloadTheirs = async (): Promise<void> => {
    const doc = useEditor.getState().doc;
    if (!doc) return;
    setBusy(true);
    try {
      useEditor.getState().load(await call('process:open', { id: doc.id }));
    } catch (error) {
      useEditor.getState().notify(errorMessage(error), 'error');
    } finally {
      setBusy(false);
    }
  };

  const saveMineAsCopy = async (): Promise<void> => {
    const doc = useEditor.getState().doc;
    if (!doc) return;
    setBusy(true);
    try {
      const copy = await call('process:import', { process: doc, name: `${doc.name} (my version)` });
      useEditor.getState().notify(`Your version was saved as “${copy.name}”.`);
      onOpenCopy(copy.id);
    } catch (error) {
      useEditor.getState().notify(errorMessage(error), 'error');
    } finally {
      setBusy(false);
    }
  };

  if (status === 'error') {
    return (
      <div className="banner banner-error" role="alert">
        <span>Could not save: {message} Your changes are still here.</span>
        <button type="button" onClick={() => void saveNow()}>
          Retry
        </button>
      </div>
    );
  }
  return (
    <div className="banner banner-conflict" role="alert" data-testid="conflict-banner">
      <span>
        <strong>Conflict:</strong> {message} Your changes are not saved yet — choose what to keep.
      </span>
      <button type="button" disabled={busy} onClick={() => void reloadTheirs()}>
        Reload theirs (discard mine)
      </button>
      <button type="button" className="primary" disabled={busy} onClick={() => void saveMineAsCopy()}>
        Save mine as a copy
      </button>
    </div>
  );
}
