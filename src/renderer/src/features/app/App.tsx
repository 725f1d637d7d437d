import { useEffect, useState } from 'react';
import { LibraryView } from '../library/LibraryView';
import { EditorView } from './EditorView';
import { Toasts } from './Toasts';
import { useHashRoute } from './useHashRoute';

/** Top-level: the process library, or one open process. */
export function App(): React.JSX.Element {
  const [processId, navigate] = useHashRoute();
  // The desktop menu's File › New process: back to the library with the name field focused.
  const [createRequest, setCreateRequest] = useState(0);
  useEffect(() => {
    const onMenu = (event: Event): void => {
      if ((event as CustomEvent<string>).detail !== 'new-process') return;
      navigate(null);
      setCreateRequest((count) => count + 1);
    };
    window.addEventListener('stagecraft:menu', onMenu);
    return () => window.removeEventListener('stagecraft:menu', onMenu);
  }, [navigate]);
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
