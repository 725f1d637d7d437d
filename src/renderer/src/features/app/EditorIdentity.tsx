import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useEditor } from '../../store/editorStore';
import { isKnown, useIdentity } from '../../store/identityStore';
import { FormFooter, Modal } from './Modal';

/**
 * "Who is acting": a name and a department, kept in the workspace settings. The button in the top
 * bar changes it; the same dialog opens by itself before the first action that needs an author.
 */
export function EditorIdentity(): React.JSX.Element {
  const departments = useEditor((state) => state.doc?.departments ?? []);
  const editor = useIdentity((state) => state.editor);
  const loaded = useIdentity((state) => state.loaded);
  const prompt = useIdentity((state) => state.prompt);
  const [draft, setDraft] = useState({ name: '', departmentId: '' });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!useIdentity.getState().loaded) void useIdentity.getState().load();
  }, []);
  // Each time the dialog opens it starts from what is stored.
  useEffect(() => {
    if (prompt) {
      setDraft(useIdentity.getState().editor);
      setError(null);
    }
  }, [prompt]);

  const department = departments.find((item) => item.id === editor.departmentId);
  const label = editor.name ? `${editor.name}${department ? ` · ${department.name}` : ''}` : 'Who is acting?';

  const save = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    if (!isKnown(draft)) {
      setError('Give your name and choose your department: both are recorded with what you do.');
      return;
    }
    try {
      await useIdentity.getState().save(draft);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <>
      <button
        type="button"
        className="identity"
        onClick={() => useIdentity.getState().openPrompt('Your name and department are recorded with every save, review, comment and proposal.')}
        title={`${editor.name ? `${label} — ` : ''}Who is acting: recorded with every save, review, comment and proposal`}
        data-testid="identity"
        disabled={!loaded}
      >
        {label}
      </button>
      {prompt && (
        <Modal title="Who is acting?" onClose={() => useIdentity.getState().cancel()}>
          <p className="muted">{prompt.reason}</p>
          <form onSubmit={(event) => void save(event)} className="form-grid" noValidate>
            <label>
              Your name
              <input
                value={draft.name}
                maxLength={80}
                onChange={(event) => setDraft({ ...draft, name: event.target.value })}
                autoFocus
              />
            </label>
            <label>
              Department
              <select value={draft.departmentId} onChange={(event) => setDraft({ ...draft, departmentId: event.target.value })}>
                <option value="">—</option>
                {departments.map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.name}
                  </option>
                ))}
              </select>
            </label>
            <FormFooter error={error} onCancel={() => useIdentity.getState().cancel()} submitLabel="Save" />
          </form>
        </Modal>
      )}
    </>
  );
}
