import { useEffect, useState } from 'react';
import type { ProcessSummary } from '../../../../shared/model/schema';
import { crmChanges } from '../../../../shared/io/changeList';
import { call, errorMessage } from '../../api/client';
import { useEditor } from '../../store/editorStore';
import { FormFooter, Modal } from '../app/Modal';
import { downloadChangeList } from './documents';

/**
 * The CRM change list needs a "before": the CRM as it is today. That is usually the process the
 * field import created, kept as it was, with the workshop's version being a duplicate of it.
 */
export function ChangeListDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const doc = useEditor((state) => state.doc);
  const [processes, setProcesses] = useState<ProcessSummary[] | null>(null);
  const [baselineId, setBaselineId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('process:list', {})
      .then((list) => {
        const others = list.processes.filter((item) => item.id !== doc?.id);
        setProcesses(others);
        setBaselineId(others[0]?.id ?? '');
      })
      .catch((caught: unknown) => setError(errorMessage(caught)));
  }, [doc?.id]);

  const run = async (): Promise<void> => {
    if (!doc || !baselineId) return;
    setBusy(true);
    setError(null);
    try {
      const baseline = await call('process:open', { id: baselineId });
      const count = crmChanges(baseline, doc).length;
      downloadChangeList(baseline, doc);
      useEditor.getState().notify(count === 0 ? 'No CRM changes: the two processes ask for the same fields.' : `Exported ${count} CRM change${count === 1 ? '' : 's'}.`);
      onClose();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="CRM change list" onClose={onClose}>
      <form
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault();
          void run();
        }}
      >
        <p>
          Per stage, the fields the CRM administrator has to add, remove, make optional or make required to go from the CRM as it is
          to “{doc?.name}”, with their API names.
        </p>
        {processes && processes.length === 0 ? (
          <p className="empty-state">
            There is no other process to compare with. Import the CRM’s fields into a process of their own (Library → New process →
            Fields imported from a CRM export), duplicate it and change the copy.
          </p>
        ) : (
          <label>
            The CRM as it is today
            <select value={baselineId} onChange={(event) => setBaselineId(event.target.value)} disabled={!processes}>
              {processes?.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <FormFooter error={error} onCancel={onClose} submitLabel="Export CSV" submitDisabled={!baselineId || busy} autoFocusSubmit />
      </form>
    </Modal>
  );
}
