import { useMemo, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useEditor } from '../../store/editorStore';
import { findInProcess, type FindHit } from './presentation';
import type { StageNode, TransitionEdge } from './adapters';

/** Find (Ctrl+F / Ctrl+K): a stage or a field by name; choosing one zooms to it and selects it. */
export function FindDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const doc = useEditor((state) => state.doc);
  const flow = useReactFlow<StageNode, TransitionEdge>();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const hits = useMemo(() => (doc ? findInProcess(doc, query) : []), [doc, query]);

  const choose = (hit: FindHit | undefined): void => {
    if (!hit) return;
    const state = useEditor.getState();
    state.selectStage(hit.stageId);
    if (hit.fieldId) state.selectField(hit.fieldId);
    void flow.fitView({ nodes: [{ id: hit.stageId }], padding: 0.8, maxZoom: 1.3, duration: 300 });
    onClose();
  };

  return (
    <div className="find-backdrop" onMouseDown={onClose}>
      <div className="find-dialog" role="dialog" aria-label="Find a stage or field" onMouseDown={(event) => event.stopPropagation()}>
        <input
          autoFocus
          type="search"
          aria-label="Find a stage or field"
          placeholder="Find a stage or field…"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={(event) => {
            event.stopPropagation();
            if (event.key === 'Escape') onClose();
            if (event.key === 'ArrowDown') setActive((current) => Math.min(hits.length - 1, current + 1));
            if (event.key === 'ArrowUp') setActive((current) => Math.max(0, current - 1));
            if (event.key === 'Enter') choose(hits[active]);
          }}
        />
        {query.trim() !== '' && hits.length === 0 && <p className="muted find-empty">Nothing is called that.</p>}
        <ul className="find-hits" role="listbox" aria-label="Matches">
          {hits.map((hit, index) => (
            <li key={`${hit.stageId}/${hit.fieldId ?? ''}`} role="option" aria-selected={index === active}>
              <button type="button" className={index === active ? 'active' : undefined} onClick={() => choose(hit)}>
                <span className="find-kind">{hit.kind === 'stage' ? 'Stage' : 'Field'}</span> {hit.label}
                {hit.kind === 'field' && <span className="muted"> — on {hit.stageName}</span>}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
