import { useEffect, useState } from 'react';
import { LibraryView } from '../library/LibraryView';
import { EditorView } from './EditorView';
import { Toasts } from './Toasts';
import { useHashRoute } from './useHashRoute';
import { call, on } from '../../api/client';
import { lastOpenedProcess, processToReopen, rememberOpenedProcess } from '../library/libraryMemory';

/** Top-level: the process library, or one open process. */
export function App(): React.JSX.Element {
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
