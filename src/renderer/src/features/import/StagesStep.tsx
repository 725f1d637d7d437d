import type { ImportPlan } from '../../../../shared/io/importPlan';
import type { Process } from '../../../../shared/model/schema';

/** A stage name in the file that matches none of the process: create it, leave it, or map it. */
export type StageChoice = string;
/** Leave the file's stage unmatched: its fields wait in the Unassigned tray. */
export const TRAY = '__tray';
/** Create a stage of that name. */
export const NEW_STAGE = '__new';

interface StagesStepProps {
  process: Process;
  fileStages: string[];
  choices: Record<string, StageChoice>;
  onChoice: (name: string, choice: StageChoice) => void;
  defaultStageId: string;
  onDefaultStage: (stageId: string) => void;
  plan: ImportPlan;
}

/**
 * Step 3: stage names are matched ignoring case, spacing and accents; the rest are mapped here by
 * hand. Fields that still have no stage wait in the Unassigned tray rather than being dropped.
 */
export function StagesStep({ process, fileStages, choices, onChoice, defaultStageId, onDefaultStage, plan }: StagesStepProps): React.JSX.Element {
  const stageOptions = process.stages.map((stage) => (
    <option key={stage.id} value={stage.id}>
      {stage.name}
    </option>
  ));
  return (
    <section aria-label="Stages">
      {fileStages.length === 0 ? (
        <p>Every stage the files name matches a stage of “{process.name}”.</p>
      ) : (
        <>
          <p>These stages in the files match no stage of “{process.name}” by name. Choose where their fields go.</p>
          <table className="wizard-table" aria-label="Stages in the file">
            <thead>
              <tr>
                <th scope="col">In the file</th>
                <th scope="col">In this process</th>
              </tr>
            </thead>
            <tbody>
              {fileStages.map((name) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>
                    <select aria-label={`Stage for “${name}”`} value={choices[name] ?? TRAY} onChange={(event) => onChoice(name, event.target.value)}>
                      <option value={NEW_STAGE}>Create a new stage “{name}”</option>
                      <option value={TRAY}>Leave its fields in the Unassigned tray</option>
                      <optgroup label="Put its fields on">{stageOptions}</optgroup>
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <label className="inline-select">
        Fields the files put on no stage
        <select value={defaultStageId} onChange={(event) => onDefaultStage(event.target.value)}>
          <option value={TRAY}>wait in the Unassigned tray</option>
          <optgroup label="go to">{stageOptions}</optgroup>
        </select>
      </label>
      <UnassignedTray plan={plan} />
    </section>
  );
}

/** The fields an import cannot place, so nobody loses track of them. */
export function UnassignedTray({ plan }: { plan: ImportPlan }): React.JSX.Element {
  return (
    <div className="tray" data-testid="unassigned-tray">
      <h3>Unassigned ({plan.unassigned.length})</h3>
      {plan.unassigned.length === 0 ? (
        <p className="muted">Every field has a stage.</p>
      ) : (
        <ul className="tray-list">
          {plan.unassigned.map((item) => (
            <li key={item.field.source}>
              <strong>{item.field.label ?? item.field.apiName}</strong>
              {item.field.apiName && item.field.label ? <code> {item.field.apiName}</code> : null}
              <span className="muted"> — {item.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
