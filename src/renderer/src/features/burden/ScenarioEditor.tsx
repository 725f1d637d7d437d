import { updateScenario } from '../../../../shared/model/commands';
import { ScenarioSchema, type Scenario } from '../../../../shared/model/schema';
import { useEditor } from '../../store/editorStore';
import { formatMoney } from '../../format';
import { FormRow } from '../inspector/FormRow';
import { parseNumber, useValidatedEdit } from '../inspector/useValidatedEdit';

type NumberKey = Exclude<keyof Scenario, 'currency'>;

const ROWS: Array<{ key: NumberKey; label: string; hint: string; step: number }> = [
  { key: 'reps', label: 'Sales reps', hint: 'Reps filling these forms', step: 1 },
  { key: 'opportunitiesPerRepPerMonth', label: 'New opps per rep/month', hint: 'Opportunities each rep opens a month', step: 1 },
  { key: 'workingHoursPerMonth', label: 'Working hours/month', hint: 'Contracted hours of one rep', step: 1 },
  { key: 'loadedHourlyCost', label: 'Loaded cost per hour', hint: 'Salary, commission and overhead per rep hour', step: 5 },
  { key: 'averageDealValue', label: 'Average deal value', hint: 'Value of a won deal', step: 1000 },
];

/** One-line summary of the scenario for the closed section. */
export function scenarioSummary(s: Scenario): string {
  return `${s.reps} reps · ${s.opportunitiesPerRepPerMonth} opps/rep/month · ${formatMoney(s.loadedHourlyCost, s.currency)}/h`;
}

/** The assumptions the figures rest on, edited inline and validated with `ScenarioSchema`. */
export function ScenarioEditor({ scenario }: { scenario: Scenario }): React.JSX.Element {
  const apply = useEditor((state) => state.apply);
  const edit = useValidatedEdit<Scenario>(scenario, ScenarioSchema, (patch, key) =>
    apply((doc) => updateScenario(doc, patch), { capture: { coalesce: `scenario:${key}` } }),
  );
  const fillText = edit.text('defaultFillRate');
  const fillShown = fillText === String(scenario.defaultFillRate) ? String(Math.round(scenario.defaultFillRate * 1000) / 10) : fillText;
  return (
    <div className="scenario-editor">
      <p className="small muted">Stored with the process, so a review meeting argues about the same numbers. Every figure above updates as you type.</p>
      <div className="row-2">
        {ROWS.map((row) => (
          <FormRow key={row.key} label={row.label} hint={row.hint} {...(edit.error(row.key) ? { error: edit.error(row.key) } : {})}>
            {(props) => (
              <input
                {...props}
                type="number"
                inputMode="decimal"
                step={row.step}
                value={edit.text(row.key)}
                onChange={(event) => edit.change(row.key, event.target.value, parseNumber)}
              />
            )}
          </FormRow>
        ))}
        <FormRow
          label="Default fill rate (%)"
          hint="How often reps fill an optional field with no observed rate"
          {...(edit.error('defaultFillRate') ? { error: edit.error('defaultFillRate') } : {})}
        >
          {(props) => (
            <input
              {...props}
              type="number"
              inputMode="decimal"
              step={5}
              value={fillShown}
              onChange={(event) =>
                edit.change('defaultFillRate', event.target.value, (raw) => {
                  const value = parseNumber(raw);
                  if (value < 0 || value > 100) throw new Error('must be from 0 to 100%');
                  return value / 100;
                })
              }
            />
          )}
        </FormRow>
        <FormRow label="Currency" hint="ISO code, e.g. EUR, USD, GBP" {...(edit.error('currency') ? { error: edit.error('currency') } : {})}>
          {(props) => (
            <input
              {...props}
              maxLength={3}
              value={edit.text('currency')}
              onChange={(event) => edit.change('currency', event.target.value.toUpperCase(), (raw) => raw.trim())}
            />
          )}
        </FormRow>
      </div>
    </div>
  );
}
