import { useEffect, useMemo, useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useEditor } from '../../store/editorStore';
import { computeBurdenView } from '../burden/burdenView';
import { stageAdminTime } from '../../../../shared/model/adminTime';
import { formatMinutes } from '../../format';
import { paddingClearOf, presentationOrder } from './presentation';
import { stopPresenting } from './presenting';
import type { StageNode, TransitionEdge } from './adapters';

/**
 * Presentation mode's caption: the focused stage large, and each of its fields with why it
 * exists, who asked, who reads it and what it costs per deal. Arrow keys walk the stages in
 * process order, zooming to each; Esc leaves.
 */
export function PresentationCaption(): React.JSX.Element | null {
  const doc = useEditor((state) => state.doc);
  const selectStage = useEditor((state) => state.selectStage);
  const flow = useReactFlow<StageNode, TransitionEdge>();
  const order = useMemo(() => (doc ? presentationOrder(doc) : []), [doc]);
  const [step, setStep] = useState(() => {
    const selected = useEditor.getState().selection.stageIds[0];
    return Math.max(0, selected ? order.indexOf(selected) : 0);
  });
  const stageId = order[Math.min(step, order.length - 1)];
  // A stage selected from elsewhere (the facilitator's lead in a live workshop) becomes the step.
  // Only from elsewhere: the caption's own selection, seen a render late while the next arrow key
  // has already moved on, must not pull the step back (that echo would never settle).
  const ownSelection = useRef<string | undefined>(undefined);
  const selected = useEditor((state) => (state.selection.stageIds.length === 1 ? state.selection.stageIds[0] : undefined));
  useEffect(() => {
    if (!selected || selected === ownSelection.current) return;
    const index = order.indexOf(selected);
    if (index >= 0) setStep(index);
  }, [selected, order]);

  const captionRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!stageId) return;
    ownSelection.current = stageId;
    selectStage(stageId);
  }, [stageId, selectStage]);

  // Zoom to the stage in the part of the canvas the caption leaves free, measured, since the
  // caption's height depends on the stage's fields. Again whenever the caption or the canvas
  // changes size (full screen arrives after the mode). The short delay lets React Flow see the
  // canvas's new size first.
  useEffect(() => {
    const caption = captionRef.current;
    const canvas = caption?.parentElement?.querySelector<HTMLElement>('[data-testid="canvas"]');
    if (!stageId || !caption || !canvas) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let duration = 350;
    const focus = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const padding = paddingClearOf(canvas.getBoundingClientRect(), caption.getBoundingClientRect());
        void flow.fitView({ nodes: [{ id: stageId }], padding, maxZoom: 1.6, duration });
        duration = 0;
      }, 30);
    };
    const observer = new ResizeObserver(focus);
    observer.observe(caption);
    observer.observe(canvas);
    return () => {
      clearTimeout(timer);
      observer.disconnect();
    };
  }, [stageId, flow]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'ArrowRight' || event.key === 'ArrowDown' || event.key === 'PageDown' || event.key === ' ') {
        event.preventDefault();
        event.stopPropagation();
        setStep((current) => Math.min(order.length - 1, current + 1));
      } else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp' || event.key === 'PageUp') {
        event.preventDefault();
        event.stopPropagation();
        setStep((current) => Math.max(0, current - 1));
      } else if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        stopPresenting();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [order.length]);

  useEffect(() => {
    // The browser's own Esc leaves full screen first; leave the mode with it.
    const onFullscreen = (): void => {
      if (!document.fullscreenElement) useEditor.getState().setPresenting(false);
    };
    document.addEventListener('fullscreenchange', onFullscreen);
    return () => document.removeEventListener('fullscreenchange', onFullscreen);
  }, []);

  const costs = useMemo(() => {
    if (!doc) return new Map<string, number>();
    const view = computeBurdenView(doc);
    return new Map(view.ok ? view.rollup.fields.map((row) => [row.key, row.secondsPerOpportunity / 60]) : []);
  }, [doc]);

  if (!doc || !stageId) return null;
  const stage = doc.stages.find((item) => item.id === stageId);
  if (!stage) return null;
  const departments = new Map(doc.departments.map((department) => [department.id, department.name]));
  const time = stageAdminTime(stage, doc.scenario.defaultFillRate);
  const fields = stage.fields.filter((field) => field.status !== 'retired');
  return (
    <section ref={captionRef} className="presentation-caption" aria-live="polite" aria-label="Presented stage" data-testid="presentation-caption">
      <div className="presentation-head">
        <span className="presentation-step">
          {step + 1} / {order.length}
        </span>
        <h2>{stage.name}</h2>
        <span className="presentation-facts">
          {fields.length} fields · {formatMinutes(time.minutesPerVisit)} admin per visit
        </span>
        <span className="presentation-keys">← → walk the stages · Esc leaves</span>
      </div>
      {fields.length === 0 ? (
        <p className="presentation-empty">No fields here.</p>
      ) : (
        <table className="presentation-fields">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Why it exists</th>
              <th scope="col">Who asked</th>
              <th scope="col">Who reads it</th>
              <th scope="col" className="num">
                Min per deal
              </th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => {
              const minutes = costs.get(`${stage.id}/${field.id}`);
              return (
                <tr key={field.id} data-testid="presentation-field">
                  <th scope="row">{field.label}</th>
                  <td>{field.justification.trim() || <span className="warn">⚠ nobody has said</span>}</td>
                  <td>{departments.get(field.requestedBy) ?? field.requestedBy}</td>
                  <td>
                    {field.consumers.length > 0 ? (
                      field.consumers.map((id) => departments.get(id) ?? id).join(', ')
                    ) : (
                      <span className="warn">⚠ nobody</span>
                    )}
                  </td>
                  <td className="num">{minutes === undefined ? '—' : formatMinutes(minutes)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
