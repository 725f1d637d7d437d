import { useEffect, useState } from 'react';
import type { Settings } from '../../../../shared/api/contract';
import { call, errorMessage } from '../../api/client';
import { useEditor } from '../../store/editorStore';
import { Modal } from './Modal';

/** "Who is editing": a name and a department, kept in the workspace settings. */
export function EditorIdentity(): React.JSX.Element {
  const departments = useEditor((state) => state.doc?.departments ?? []);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState({ name: '', departmentId: '' });

  useEffect(() => {
    call('settings:get', {})
      .then((loaded) => {
        setSettings(loaded);
        useEditor.setState({ editorDepartmentId: loaded.editor.departmentId });
      })
      .catch(() => setSettings({ editor: { name: '', departmentId: '' } }));
  }, []);

  const department = departments.find((item) => item.id === settings?.editor.departmentId);
  const label = settings?.editor.name
    ? `${settings.editor.name}${department ? ` · ${department.name}` : ''}`
    : 'Who is editing?';

  const save = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    try {
      const saved = await call('settings:set', { editor: draft });
      setSettings(saved);
      useEditor.setState({ editorDepartmentId: saved.editor.departmentId });
      setOpen(false);
    } catch (error) {
      useEditor.getState().notify(errorMessage(error), 'error');
    }
  };

  return (
    <>
      <button
        type="button"
        className="identity"
        onClick={() => {
          setDraft(settings?.editor ?? { name: '', departmentId: '' });
          setOpen(true);
        }}
        title="Who is editing"
      >
        {label}
      </button>
      {open && (
        <Modal title="Who is editing?" onClose={() => setOpen(false)}>
          <form onSubmit={(event) => void save(event)} className="form-grid">
            <label>
              Your name
              <input value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} autoFocus />
            </label>
            <label>
              Department
              <select
                value={draft.departmentId}
                onChange={(event) => setDraft({ ...draft, departmentId: event.target.value })}
              >
                <option value="">—</option>
                {departments.map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.name}
                  </option>
                ))}
              </select>
            </label>
            <div className="modal-actions">
              <button type="button" onClick={() => setOpen(false)}>
                Cancel
              </button>
              <button type="submit" className="primary">
                Save
              </button>
            </div>
          </form>
        </Modal>
      )}
    </>
  );
}
