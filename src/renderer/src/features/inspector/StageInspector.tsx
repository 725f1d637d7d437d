import { CommentThreads } from '../review/CommentThreads';
import { useState } from 'react';
import { StageSchema, StageKindSchema, type Stage } from '../../../../shared/model/schema';
import {
  addField,
  deleteField,
  duplicateField,
  moveField,
  newField,
  reorderField,
  updateStage,
  renameStage,
} from '../../../../shared/model/commands';
import { fieldConcern, stageMetrics, exitSums } from '../../../../shared/model/metrics';
import { isTerminal } from '../../../../shared/model/rules';
import { useEditor } from '../../store/editorStore';
import { newId } from '../../ids';
import { formatMinutes, formatSeconds } from '../../format';
import { FormRow } from './FormRow';
import { EnumSelect } from './EnumSelect';
import { parseNumber, parseOptionalNumber, useValidatedEdit } from './useValidatedEdit';
import { KIND_LABEL, REQUIREMENT_LABEL } from './labels';
import { EditLock, EditLockNote } from './EditLock';
import { useWorkshop } from '../../store/workshopStore';
import { FieldQuickActions } from '../workshop/FieldQuickActions';

/** A stage's properties and its fields (add, reorder, duplicate, move, delete). */
export function StageInspector({ stage }: { stage: Stage }): React.JSX.Element {
  const apply = useEditor((state) => state.apply);
  const doc = useEditor((state) => state.doc);
  const selectField = useEditor((state) => state.selectField);
  // New fields are requested by whoever is editing, when their department is in this process.
  const editorDepartment = useEditor((state) => {
    const departments = state.doc?.departments ?? [];
    return departments.find((department) => department.id === state.editorDepartmentId)?.id ?? departments[0]?.id ?? 'sales';
  });
  const [dragIndex, setDragIndex] = useState<number | null>(null);
  const locked = useEditor((state) => state.editLock !== null);
  const participant = useWorkshop((state) => state.role === 'participant');
  const edit = useValidatedEdit<Stage>(stage, StageSchema, (patch, key) =>
    apply(
      (current) =>
        key === 'name' && patch.name !== undefined
          ? renameStage(current, stage.id, patch.name)
          : updateStage(current, stage.id, patch),
      { capture: { coalesce: `stage:${stage.id}:${key}` } },
    ),
  );
  if (!doc) return <></>;
  const metrics = stageMetrics(stage, { exitSum: exitSums(doc).get(stage.id) ?? 0, defaultFillRate: doc.scenario.defaultFillRate });
  const otherStages = doc.stages.filter((other) => other.id !== stage.id);

  const add = (): void => {
    const id = newId('f');
    const ok = apply((current) =>
      addField(current, stage.id, newField(id, { label: 'New field', requestedBy: editorDepartment })), { capture: 'record' },
    );
    if (ok) selectField(id);
  };

  return (
    <div className="stage-inspector" data-testid="stage-inspector">
      <h2>{locked ? stage.name : 'Stage'}</h2>
      <EditLockNote />
      <EditLock>
      <FormRow label="Name" error={edit.error('name')}>
        {(props) => <input {...props} value={edit.text('name')} onChange={(event) => edit.change('name', event.target.value, (raw) => raw)} />}
      </FormRow>
      <EnumSelect
        label="Kind"
        value={stage.kind}
        options={StageKindSchema.options}
        labels={KIND_LABEL}
        error={edit.error('kind')}
        onChange={(value) => edit.set('kind', value)}
      />
      <FormRow label="Description" error={edit.error('description')}>
        {(props) => (
          <textarea
            {...props}
            rows={2}
            value={edit.text('description')}
            onChange={(event) => edit.change('description', event.target.value, (raw) => raw)}
          />
        )}
      </FormRow>
      <div className="row-2">
        {/* A won or lost deal stays nowhere: the engines ignore days there, so none are offered. */}
        {isTerminal(stage) ? (
          <p className="hint" data-testid="terminal-days-note">
            Won and lost are where a deal ends: no days pass here, so weekly fields cost nothing.
          </p>
        ) : (
          <FormRow label="Days in stage" hint="Typical days per visit." error={edit.error('expectedDays')}>
            {(props) => (
              <input {...props} inputMode="decimal" value={edit.text('expectedDays')} onChange={(event) => edit.change('expectedDays', event.target.value, parseNumber)} />
            )}
          </FormRow>
        )}
        <FormRow label="Admin budget (min/visit)" hint="Agreed ceiling; blank for none." error={edit.error('adminBudgetMinutes')}>
          {(props) => (
            <input
              {...props}
              inputMode="decimal"
              value={edit.text('adminBudgetMinutes')}
              placeholder="none"
              onChange={(event) => edit.change('adminBudgetMinutes', event.target.value, parseOptionalNumber)}
            />
          )}
        </FormRow>
      </div>
      </EditLock>

      <section aria-labelledby={`fields-${stage.id}`} className="field-list-section">
        <div className="section-heading">
          <h3 id={`fields-${stage.id}`}>
            Fields reps fill here <span className="muted">({formatMinutes(metrics.adminMinutesPerVisit)} per visit)</span>
          </h3>
          {!locked && (
            <button type="button" className="primary" onClick={add}>
              + Add field
            </button>
          )}
        </div>
        {stage.fields.length === 0 && (
          <p className="empty-state">No fields yet. Add the CRM fields reps must fill at this stage — and say why each exists.</p>
        )}
        <ol className="field-list">
          {stage.fields.map((field, index) => {
            const concern = fieldConcern(field);
            return (
              <li
                key={field.id}
                className={`field-item${field.status === 'retired' ? ' retired' : ''}${dragIndex === index ? ' dragging' : ''}`}
                draggable={!locked}
                onDragStart={(event) => {
                  setDragIndex(index);
                  event.dataTransfer.effectAllowed = 'move';
                }}
                onDragOver={(event) => event.preventDefault()}
                onDrop={(event) => {
                  event.preventDefault();
                  if (dragIndex !== null && dragIndex !== index) apply((current) => reorderField(current, stage.id, dragIndex, index), { capture: 'record' });
                  setDragIndex(null);
                }}
                onDragEnd={() => setDragIndex(null)}
                data-testid="field-item"
              >
                {!locked && (
                  <span className="drag-grip" aria-hidden="true">
                    ⋮⋮
                  </span>
                )}
                <button type="button" className="link field-open" onClick={() => selectField(field.id)}>
                  {field.label}
                </button>
                <span className={`req req-${field.requirement}`}>{REQUIREMENT_LABEL[field.requirement]}</span>
                <span className="muted small">{formatSeconds(field.secondsToComplete)}</span>
                {concern && (
                  <span className="concern" title={concern} aria-label={concern}>
                    ⚠
                  </span>
                )}
                {participant && <FieldQuickActions stageId={stage.id} field={field} />}
                {!locked && <span className="item-actions">
                  <button type="button" disabled={index === 0} onClick={() => apply((current) => reorderField(current, stage.id, index, index - 1), { capture: 'record' })} aria-label={`Move ${field.label} up`}>
                    ↑
                  </button>
                  <button
                    type="button"
                    disabled={index === stage.fields.length - 1}
                    onClick={() => apply((current) => reorderField(current, stage.id, index, index + 1), { capture: 'record' })}
                    aria-label={`Move ${field.label} down`}
                  >
                    ↓
                  </button>
                  <button type="button" onClick={() => apply((current) => duplicateField(current, field.id, newId('f')), { capture: 'record' })} aria-label={`Duplicate ${field.label}`}>
                    Duplicate
                  </button>
                  <MoveFieldSelect
                    label={field.label}
                    stages={otherStages}
                    onMove={(to) => apply((current) => moveField(current, field.id, to), { capture: 'record' })}
                  />
                  <button type="button" className="danger" onClick={() => apply((current) => deleteField(current, field.id), { capture: 'record' })} aria-label={`Delete ${field.label}`}>
                    Delete
                  </button>
                </span>}
              </li>
            );
          })}
        </ol>
      </section>
      <CommentThreads target={{ kind: 'stage', stageId: stage.id }} title={`Comments on ${stage.name}`} />
    </div>
  );
}

/**
 * "Move to…" for one field. Its stage options are created when the list is about to be used (the
 * select gets focus or a pointer press, which comes before the browser opens the list), not when
 * the inspector opens: a stage of 10 fields in a 300-stage process otherwise builds 3,000 options
 * that nobody looks at, which was a fifth of the time from clicking a stage to its inspector.
 */
function MoveFieldSelect({ label, stages, onMove }: { label: string; stages: readonly Stage[]; onMove: (stageId: string) => void }): React.JSX.Element {
  const [armed, setArmed] = useState(false);
  const arm = (): void => setArmed(true);
  return (
    <select
      aria-label={`Move ${label} to another stage`}
      value=""
      onFocus={arm}
      onPointerDown={arm}
      onChange={(event) => {
        const to = event.target.value;
        if (to) onMove(to);
      }}
    >
      <option value="">Move to…</option>
      {armed &&
        stages.map((other) => (
          <option key={other.id} value={other.id}>
            {other.name}
          </option>
        ))}
    </select>
  );
}
