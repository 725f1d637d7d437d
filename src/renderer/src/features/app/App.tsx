import { useEffect, useState } from 'react';
import { LibraryView } from '../library/LibraryView';
import { EditorView } from './EditorView';
import { Toasts } from './Toasts';
import { useHashRoute } from './useHashRoute';
import { ApiError, call, on } from '../../api/client';
import { lastOpenedProcess, processToReopen, rememberOpenedProcess } from '../library/libraryMemory';
import { useWorkshop } from '../../store/workshopStore';
import { WorkshopGuestApp } from '../workshop/WorkshopGuestApp';
import { ExitScreen } from '../workshop/ExitScreen';

/**
 * Top-level: first, who this browser is. Someone who joined a live workshop (participant or
 * observer) sees only the workshop's process; everyone else — the facilitator, the desktop app,
 * the local browser host — the process library or one open process.
 */
export function App(): React.JSX.Element {
  const [checked, setChecked] = useState<'checking' | 'facilitator' | 'guest' | 'not-joined'>('checking');
  useEffect(() => {
    let cancelled = false;
    call('workshop:whoami', {})
      .then((whoami) => {
        if (cancelled) return;
        useWorkshop.getState().setWhoami(whoami);
        setChecked(whoami.role === 'facilitator' ? 'facilitator' : 'guest');
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        // A host without the workshop service is the facilitator's own, as before.
        setChecked(error instanceof ApiError && error.code === 'unauthorized' ? 'not-joined' : 'facilitator');
      });
    return () => {
      cancelled = true;
    };
  }, []);
  if (checked === 'checking') return <main className="loading">Opening…</main>;
  if (checked === 'not-joined') return <ExitScreen kind="not-joined" />;
  if (checked === 'guest') {
    return (
      <>
        <WorkshopGuestApp />
        <Toasts />
      </>
    );
  }
  return <FacilitatorApp />;
}

/** The library and the editor, as the desktop app and the local browser host show them. */
function FacilitatorApp(): React.JSX.Element {
  const [processId, navigate] = useHashRoute();
  // The desktop menu's File › New process: back to the library with the name field focused.
  const [createRequest, setCreateRequest] = useState(0);
  useEffect(() => {
    return on('menu:command', ({ command }) => {
      if (command !== 'new-process') return;
      navigate(null);
      setCreateRequest((count) => count + 1);
    });
  }, [navigate]);
  // A bare start (no `#/…` in the address) reopens the last process, or the only one.
  const [deciding, setDeciding] = useState(() => window.location.hash === '');
  useEffect(() => {
    if (!deciding) return;
    let cancelled = false;
    call('process:list', {})
      .then((list) => {
        const id = processToReopen(
          list.processes.map((summary) => summary.id),
          lastOpenedProcess(),
        );
        if (!cancelled && id && window.location.hash === '') navigate(id);
      })
      .catch(() => undefined)
      .finally(() => {
        if (!cancelled) setDeciding(false);
      });
    return () => {
      cancelled = true;
    };
  }, [deciding, navigate]);
  useEffect(() => {
    if (processId) rememberOpenedProcess(processId);
  }, [processId]);
  if (deciding) return <main className="loading">Opening…</main>;
  return (
    <>
      {processId ? (
        <EditorView key={processId} processId={processId} onClose={() => navigate(null)} />
      ) : (
        <LibraryView onOpen={(id) => navigate(id)} createRequest={createRequest} />
      )}
      <Toasts />
    </>
  );
}
