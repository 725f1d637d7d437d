import { LibraryView } from '../library/LibraryView';
import { EditorView } from './EditorView';
import { Toasts } from './Toasts';
import { useHashRoute } from './useHashRoute';

/** Top-level: the process library, or one open process. */
export function App(): React.JSX.Element {
  const [processId, navigate] = useHashRoute();
  return (
    <>
      {processId ? (
        <EditorView key={processId} processId={processId} onClose={() => navigate(null)} />
      ) : (
        <LibraryView onOpen={(id) => navigate(id)} />
      )}
      <Toasts />
    </>
  );
}
