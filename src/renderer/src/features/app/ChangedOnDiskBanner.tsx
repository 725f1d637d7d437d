import { useEffect, useState } from 'react';
import { call, errorMessage, on } from '../../api/client';
import { useEditor } from '../../store/editorStore';

/**
 * "This process was changed elsewhere": another window, host or editor saved the open process.
 * Said as soon as the main side notices (the `process:changed-on-disk` event), without blocking
 * anything: Reload takes their version, Keep mine goes on editing — a later save then meets the
 * usual conflict choice, so nothing is lost either way.
 */
export function ChangedOnDiskBanner({ processId }: { processId: string }): React.JSX.Element | null {
  const [revision, setRevision] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const dirty = useEditor((state) => state.doc !== state.savedDoc);

  useEffect(() => {
    setRevision(null);
    return on('process:changed-on-disk', (change) => {
      // Another process, or a version older than the one this editor already has: not news here.
      if (change.processId !== processId || change.revision < useEditor.getState().baseRevision) return;
      setRevision(change.revision);
    });
  }, [processId]);

  if (revision === null) return null;

  const reload = async (): Promise<void> => {
    setBusy(true);
    try {
      useEditor.getState().load(await call('process:open', { id: processId }));
      setRevision(null);
    } catch (error) {
      useEditor.getState().notify(errorMessage(error), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="banner banner-changed" role="status" data-testid="changed-on-disk-banner">
      <span>
        <strong>This process was changed elsewhere</strong> (now revision {revision}).
        {dirty ? ' Reloading discards the changes you have not saved.' : ''}
      </span>
      <button type="button" className="primary" disabled={busy} onClick={() => void reload()}>
        Reload
      </button>
      <button type="button" disabled={busy} title="Go on with your version; saving it will ask which version to keep" onClick={() => setRevision(null)}>
        Keep mine
      </button>
    </div>
  );
}
