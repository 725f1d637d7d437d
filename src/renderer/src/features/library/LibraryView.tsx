import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProcessSummary } from '../../../../shared/model/schema';
import type { SetAsideNotice } from '../../../../shared/api/contract';
import { call, errorMessage } from '../../api/client';
import { useEditor } from '../../store/editorStore';
import { ConfirmDialog } from '../app/Modal';
import { ProcessRow } from './ProcessRow';
import { downloadProcess, readProcessFile } from './processFiles';
import { requestImportOnOpen } from '../import/pendingImport';
import { importedName } from '../../../../shared/model/names';
import { dismissSetAside, dismissedSetAside } from './libraryMemory';

interface LibraryViewProps {
  onOpen: (id: string) => void;
  /** Increments when the user asks for a new process (menu); focuses the name field. */
  createRequest?: number;
}

type Loaded = { processes: ProcessSummary[]; setAside: SetAsideNotice[] };

/** The process library: every process in the workspace, and what to do with each. */
export function LibraryView({ onOpen, createRequest = 0 }: LibraryViewProps): React.JSX.Element {
  const [data, setData] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [template, setTemplate] = useState<'empty' | 'sample' | 'import'>('empty');
  const [createError, setCreateError] = useState<string | null>(null);
  const [pendingDelete, setPendingDelete] = useState<ProcessSummary | null>(null);
  const notify = useEditor((state) => state.notify);
  const nameInput = useRef<HTMLInputElement>(null);
  const [dismissed, setDismissed] = useState<string[]>(dismissedSetAside);
  useEffect(() => {
    if (createRequest > 0) nameInput.current?.focus();
  }, [createRequest]);

  const refresh = useCallback(async () => {
    try {
      setData(await call('process:list', {}));
      setLoadError(null);
    } catch (error) {
      setLoadError(errorMessage(error));
    }
  }, []);

  useEffect(() => {
    document.title = 'Stagecraft — processes';
    void refresh();
  }, [refresh]);

  const run = async (action: () => Promise<unknown>, done?: string): Promise<void> => {
    try {
      await action();
      if (done) notify(done);
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
    await refresh();
  };

  const create = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setCreateError('Give the process a name, e.g. "EMEA new business".');
      return;
    }
    try {
      const created = await call('process:create', { name: trimmed, template: template === 'import' ? 'empty' : template });
      setName('');
      setCreateError(null);
      // The editor opens the field import wizard on the new, empty process.
      if (template === 'import') requestImportOnOpen(created.id);
      onOpen(created.id);
    } catch (error) {
      setCreateError(errorMessage(error));
    }
  };

  return (
    <main className="library">
      <header className="library-header">
        <h1>
          Stagecraft <span className="tagline">— every step and every CRM field has to say why it exists</span>
        </h1>
      </header>

      {data?.setAside.filter((notice) => !dismissed.includes(notice.setAsideAs)).map((notice) => (
        <div key={notice.setAsideAs} className="banner banner-error" role="alert">
          <button
            type="button"
            className="banner-close"
            aria-label="Dismiss"
            title="Dismiss — the set-aside file stays in the workspace folder"
            onClick={() => setDismissed(dismissSetAside(notice.setAsideAs))}
          >
            ×
          </button>
          <p>
            <strong>{notice.fileName}</strong> could not be read and was set aside as <code>{notice.setAsideAs}</code>{' '}
            — nothing was overwritten. Reason: {notice.reason}
          </p>
          {notice.backupAvailable ? (
            <button
              type="button"
              onClick={() =>
                void run(() => call('process:restore-backup', { id: notice.processId }), 'Restored the previous saved version.')
              }
            >
              Restore the previous saved version
            </button>
          ) : (
            <p>No earlier version is available.</p>
          )}
        </div>
      ))}

      <section aria-labelledby="create-heading" className="card create-card">
        <h2 id="create-heading">New process</h2>
        <form onSubmit={(event) => void create(event)} className="create-form" noValidate>
          <label>
            Name
            <input
              ref={nameInput}
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="e.g. EMEA new business"
              aria-invalid={createError ? true : undefined}
              aria-describedby={createError ? 'create-error' : undefined}
            />
          </label>
          <label>
            Start from
            <select value={template} onChange={(event) => setTemplate(event.target.value as 'empty' | 'sample' | 'import')}>
              <option value="empty">An empty process</option>
              <option value="sample">A copy of the sample B2B process</option>
              <option value="import">Fields imported from a CRM export (Salesforce, HubSpot, Pipedrive, CSV)</option>
            </select>
          </label>
          <button type="submit" className="primary">
            Create process
          </button>
        </form>
        {createError && (
          <p id="create-error" className="field-error" role="alert">
            {createError}
          </p>
        )}
      </section>

      <section aria-labelledby="list-heading" className="card">
        <div className="section-heading">
          <h2 id="list-heading">Processes</h2>
          <label className="button-like">
            Import a file…
            <input
              type="file"
              accept=".json,application/json"
              className="visually-hidden"
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (!file) return;
                void run(async () => {
                  const process = await readProcessFile(file);
                  const taken = (data?.processes ?? []).map((summary) => summary.name);
                  const imported = await call('process:import', { process, name: importedName(process.name, taken) });
                  notify(`Imported “${imported.name}”.`);
                });
              }}
            />
          </label>
        </div>
        {loadError && (
          <div className="banner banner-error" role="alert">
            Could not load the workspace: {loadError}{' '}
            <button type="button" onClick={() => void refresh()}>
              Try again
            </button>
          </div>
        )}
        {!data && !loadError && <p className="muted">Loading…</p>}
        {data && data.processes.length === 0 && (
          <p className="empty-state">No processes yet. Create one above — start from the sample to see what Stagecraft finds.</p>
        )}
        {data && data.processes.length > 0 && (
          <table className="process-table">
            <thead>
              <tr>
                <th scope="col">Process</th>
                <th scope="col">Stages</th>
                <th scope="col">Fields</th>
                <th scope="col">Required</th>
                <th scope="col">Last saved</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.processes.map((summary) => (
                <ProcessRow
                  key={summary.id}
                  summary={summary}
                  onOpen={() => onOpen(summary.id)}
                  onRename={(newName) =>
                    run(() => call('process:rename', { id: summary.id, name: newName }), `Renamed to “${newName}”.`)
                  }
                  onDuplicate={() => run(() => call('process:duplicate', { id: summary.id }), `Duplicated “${summary.name}”.`)}
                  onExport={() => run(async () => downloadProcess(await call('process:open', { id: summary.id })))}
                  onDelete={() => setPendingDelete(summary)}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>

      {pendingDelete && (
        <ConfirmDialog
          title={`Delete “${pendingDelete.name}”?`}
          message={
            <p>
              The process, its {pendingDelete.stageCount} stages and {pendingDelete.fieldCount} fields leave the library. The
              file is kept in the workspace folder as a deleted copy.
            </p>
          }
          confirmLabel="Delete process"
          danger
          onCancel={() => setPendingDelete(null)}
          onConfirm={() => {
            const target = pendingDelete;
            setPendingDelete(null);
            void run(() => call('process:delete', { id: target.id }), `Deleted “${target.name}”.`);
          }}
        />
      )}
    </main>
  );
}
