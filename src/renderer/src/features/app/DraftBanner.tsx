import { useEffect, useState } from 'react';
import { useEditor } from '../../store/editorStore';
import { clearDraft, draftHoldsNothingNew, readDraft, type Draft } from '../../store/drafts';

/** Offers edits this browser kept when a save failed or the window closed before saving. */
export function DraftBanner({ processId }: { processId: string }): React.JSX.Element | null {
  const loaded = useEditor((state) => state.savedDoc?.id === processId);
  const [draft, setDraft] = useState<Draft | null>(null);

  useEffect(() => {
    if (!loaded) return;
    const kept = readDraft(processId);
    const stored = useEditor.getState().savedDoc;
    if (kept && stored && !draftHoldsNothingNew(kept.doc, stored)) setDraft(kept);
    else if (kept) clearDraft(processId);
  }, [loaded, processId]);

  if (!draft) return null;
  const restore = (): void => {
    // Saving from the draft's own base revision: if someone saved since, it is a visible conflict.
    useEditor.setState({ baseRevision: draft.baseRevision });
    useEditor.getState().apply(() => ({ ...draft.doc }), { capture: 'record' });
    setDraft(null);
  };
  const discard = (): void => {
    clearDraft(processId);
    setDraft(null);
  };
  return (
    <div className="banner banner-warning" role="alert" data-testid="draft-banner">
      <span>
        Changes you made on {new Date(draft.at).toLocaleString()} were not saved; this browser kept them.
      </span>
      <button type="button" className="primary" onClick={restore}>
        Restore my changes
      </button>
      <button type="button" onClick={discard}>
        Discard them
      </button>
    </div>
  );
}
