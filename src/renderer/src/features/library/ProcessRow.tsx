import { useState } from 'react';
import type { ProcessSummary } from '../../../../shared/model/schema';

interface ProcessRowProps {
  summary: ProcessSummary;
  onOpen: () => void;
  onRename: (name: string) => Promise<void>;
  onDuplicate: () => Promise<void>;
  onExport: () => Promise<void>;
  onDelete: () => void;
}

/** One library row, with inline rename. */
export function ProcessRow({ summary, onOpen, onRename, onDuplicate, onExport, onDelete }: ProcessRowProps): React.JSX.Element {
  const [renaming, setRenaming] = useState(false);
  const [draft, setDraft] = useState(summary.name);

  const commit = async (): Promise<void> => {
    const trimmed = draft.trim();
    setRenaming(false);
    if (trimmed && trimmed !== summary.name) await onRename(trimmed);
    else setDraft(summary.name);
  };

  return (
    <tr data-testid="process-row" data-process-id={summary.id}>
      <td>
        {renaming ? (
          <input
            aria-label={`New name for ${summary.name}`}
            value={draft}
            autoFocus
            onChange={(event) => setDraft(event.target.value)}
            onBlur={() => void commit()}
            onKeyDown={(event) => {
              if (event.key === 'Enter') void commit();
              if (event.key === 'Escape') {
                setDraft(summary.name);
                setRenaming(false);
              }
            }}
          />
        ) : (
          <button type="button" className="link process-name" onClick={onOpen}>
            {summary.name}
          </button>
        )}
        {summary.description && <div className="muted small">{summary.description}</div>}
      </td>
      <td>{summary.stageCount}</td>
      <td>{summary.fieldCount}</td>
      <td>{summary.requiredFieldCount}</td>
      <td>
        <time dateTime={summary.updatedAt}>{new Date(summary.updatedAt).toLocaleString()}</time>
      </td>
      <td>
        <div className="row-actions">
          <button type="button" onClick={onOpen} aria-label={`Open ${summary.name}`}>
            Open
          </button>
          <button type="button" onClick={() => setRenaming(true)} aria-label={`Rename ${summary.name}`}>
            Rename
          </button>
          <button type="button" onClick={() => void onDuplicate()} aria-label={`Duplicate ${summary.name}`}>
            Duplicate
          </button>
          <button type="button" onClick={() => void onExport()} aria-label={`Export ${summary.name} as a file`}>
            Export
          </button>
          <button type="button" className="danger" onClick={onDelete} aria-label={`Delete ${summary.name}`}>
            Delete
          </button>
        </div>
      </td>
    </tr>
  );
}
