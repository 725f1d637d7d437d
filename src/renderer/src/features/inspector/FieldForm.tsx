import type { Field, Stage } from '../../../../shared/model/schema';
import {
  EntriesSchema,
  FieldSchema,
  FieldTypeSchema,
  RequirementSchema,
  ValueToSalesSchema,
} from '../../../../shared/model/schema';
import { updateField } from '../../../../shared/model/commands';
import { fieldConcern } from '../../../../shared/model/metrics';
import { useEditor } from '../../store/editorStore';
import { FormRow } from './FormRow';
import { EnumSelect } from './EnumSelect';
import { parseNumber, parseOptionalNumber, useValidatedEdit } from './useValidatedEdit';
import { ENTRIES_LABEL, REQUIREMENT_LABEL, TYPE_LABEL, VALUE_LABEL } from './labels';
import { FieldReview } from '../review/FieldReview';
import { CommentThreads } from '../review/CommentThreads';
import { useWorkshop } from '../../store/workshopStore';
import { FieldLiveActions } from '../workshop/FieldLiveActions';
import { EditLock, EditLockNote } from './EditLock';

interface FieldFormProps {
  field: Field;
  stage: Stage;
}

/** Every property of a field; the "why" comes first because that is what the app is for. */
export function FieldForm({ field, stage }: FieldFormProps): React.JSX.Element {
  const apply = useEditor((state) => state.apply);
  const departments = useEditor((state) => state.doc?.departments ?? []);
  const selectField = useEditor((state) => state.selectField);
  const edit = useValidatedEdit<Field>(field, FieldSchema, (patch, key) =>
    apply((doc) => updateField(doc, field.id, patch), { capture: { coalesce: `field:${field.id}:${key}` } }),
  );
  const concern = fieldConcern(field);
  const inWorkshop = useWorkshop((state) => state.role !== null);

  const toggleConsumer = (id: string, on: boolean): void => {
    const consumers = on ? [...field.consumers, id] : field.consumers.filter((item) => item !== id);
    edit.set('consumers', consumers);
  };

  return (
    <div className="field-form" data-testid="field-form">
      <div className="inspector-heading">
        <button type="button" className="link" onClick={() => selectField(null)}>
          ← {stage.name}
        </button>
        <h2>{field.label}</h2>
      </div>
      {concern && (
        <div className="banner banner-warning" role="note" data-testid="field-concern">
          ⚠ {concern}. A required field should say who reads it and why — or stop being required.
        </div>
      )}

      {inWorkshop && <FieldLiveActions field={field} stage={stage} />}
      <EditLockNote />
      <EditLock>
      <fieldset className="why">
        <legend>Why this field exists</legend>
        <FormRow label="Justification" hint="Why reps must fill this, in plain words." error={edit.error('justification')}>
          {(props) => (
            <textarea
              {...props}
              rows={3}
              value={edit.text('justification')}
              placeholder="e.g. Finance needs it to invoice without chasing the rep"
              onChange={(event) => edit.change('justification', event.target.value, (raw) => raw)}
            />
          )}
        </FormRow>
        <FormRow label="Requested by" error={edit.error('requestedBy')}>
          {(props) => (
            <select {...props} value={field.requestedBy} onChange={(event) => edit.set('requestedBy', event.target.value)}>
              {!departments.some((department) => department.id === field.requestedBy) && (
                <option value={field.requestedBy}>{field.requestedBy} (unknown)</option>
              )}
              {departments.map((department) => (
                <option key={department.id} value={department.id}>
                  {department.name}
                </option>
              ))}
            </select>
          )}
        </FormRow>
        <fieldset className="consumers">
          <legend>Used by (consumers)</legend>
          {departments.map((department) => (
            <label key={department.id} className="checkbox">
              <input
                type="checkbox"
                checked={field.consumers.includes(department.id)}
                onChange={(event) => toggleConsumer(department.id, event.target.checked)}
              />
              <span className="swatch" style={{ background: department.color }} aria-hidden="true" />
              {department.name}
            </label>
          ))}
          {field.consumers.length === 0 && <div className="hint warn">Nobody is recorded as using this field.</div>}
        </fieldset>

      <FieldReview field={field} stage={stage} />
        <FormRow label="Decision supported" hint="Which decision, report or KPI uses it." error={edit.error('decisionSupported')}>
          {(props) => (
            <input
              {...props}
              value={edit.text('decisionSupported')}
              placeholder="e.g. Monthly revenue forecast"
              onChange={(event) => edit.change('decisionSupported', event.target.value, (raw) => raw)}
            />
          )}
        </FormRow>
        <EnumSelect
          label="Value to the rep"
          value={field.valueToSales}
          options={ValueToSalesSchema.options}
          labels={VALUE_LABEL}
          error={edit.error('valueToSales')}
          onChange={(value) => edit.set('valueToSales', value)}
        />
      </fieldset>

      <fieldset>
        <legend>The field</legend>
        <FormRow label="Label" error={edit.error('label')}>
          {(props) => (
            <input {...props} value={edit.text('label')} onChange={(event) => edit.change('label', event.target.value, (raw) => raw)} />
          )}
        </FormRow>
        <EnumSelect
          label="Type"
          value={field.type}
          options={FieldTypeSchema.options}
          labels={TYPE_LABEL}
          error={edit.error('type')}
          onChange={(value) => edit.set('type', value)}
        />
        <EnumSelect
          label="Requirement"
          value={field.requirement}
          options={RequirementSchema.options}
          labels={REQUIREMENT_LABEL}
          error={edit.error('requirement')}
          onChange={(value) => edit.set('requirement', value)}
        />
        <FormRow label="Review by" hint="When this field must justify itself again." error={edit.error('reviewBy')}>
          {(props) => (
            <input
              {...props}
              type="date"
              value={edit.text('reviewBy')}
              onChange={(event) => edit.change('reviewBy', event.target.value, (raw) => (raw === '' ? undefined : raw))}
            />
          )}
        </FormRow>
      </fieldset>

      <fieldset>
        <legend>What it costs the rep</legend>
        <div className="row-3">
          <FormRow label="Typical seconds" error={edit.error('secondsToComplete')}>
            {(props) => (
              <input
                {...props}
                inputMode="decimal"
                value={edit.text('secondsToComplete')}
                onChange={(event) => edit.change('secondsToComplete', event.target.value, parseNumber)}
              />
            )}
          </FormRow>
          <FormRow label="Min seconds" error={edit.error('secondsMin')}>
            {(props) => (
              <input
                {...props}
                inputMode="decimal"
                value={edit.text('secondsMin')}
                placeholder="—"
                onChange={(event) => edit.change('secondsMin', event.target.value, parseOptionalNumber)}
              />
            )}
          </FormRow>
          <FormRow label="Max seconds" error={edit.error('secondsMax')}>
            {(props) => (
              <input
                {...props}
                inputMode="decimal"
                value={edit.text('secondsMax')}
                placeholder="—"
                onChange={(event) => edit.change('secondsMax', event.target.value, parseOptionalNumber)}
              />
            )}
          </FormRow>
        </div>
        <EnumSelect
          label="How often"
          value={field.entries}
          options={EntriesSchema.options}
          labels={ENTRIES_LABEL}
          error={edit.error('entries')}
          onChange={(value) => edit.set('entries', value)}
        />
        <FormRow
          label="Observed fill rate (%)"
          hint="Share of deals where reps actually fill it; counts for optional fields."
          error={edit.error('fillRate')}
        >
          {(props) => (
            <input
              {...props}
              inputMode="decimal"
              value={edit.error('fillRate') ? edit.text('fillRate') : field.fillRate === undefined ? '' : String(Math.round(field.fillRate * 1000) / 10)}
              placeholder="unknown"
              onChange={(event) =>
                edit.change('fillRate', event.target.value, (raw) => {
                  const percent = parseOptionalNumber(raw);
                  return percent === undefined ? undefined : percent / 100;
                })
              }
            />
          )}
        </FormRow>
      </fieldset>
      </EditLock>
      <CommentThreads target={{ kind: 'field', stageId: stage.id, fieldId: field.id }} />
    </div>
  );
}
