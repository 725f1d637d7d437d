import { useEffect, useMemo, useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { TextEncodingChoice } from '../../../../shared/io/decode';
import { applyImport, setSecondsForFields, summarizePlan } from '../../../../shared/io/importPlan';
import type { ColumnMapping } from '../../../../shared/io/mapping';
import type { Process } from '../../../../shared/model/schema';
import { useEditor } from '../../store/editorStore';
import { errorMessage } from '../../api/client';
import { newId } from '../../ids';
import { Modal } from '../app/Modal';
import { addImportedStages, type NewStage } from './createStages';
import { CancelledError, readPickedFile, startIoJob, type RunningJob } from './ioWorkerClient';
import type { FileFacts, PickedFile, PlanFieldsResult } from './ioJobs';
import { savedMappingFor } from './savedMappings';
import { FilesStep } from './FilesStep';
import { ColumnsStep } from './ColumnsStep';
import { StagesStep, TRAY, NEW_STAGE, type StageChoice } from './StagesStep';
import { ReviewStep } from './ReviewStep';
import { canvasOverlays, fitViewOptions } from '../canvas/zoom';

type Step = 'files' | 'columns' | 'stages' | 'review';
const STEPS: Array<{ id: Step; label: string }> = [
  { id: 'files', label: 'Files' },
  { id: 'columns', label: 'Columns' },
  { id: 'stages', label: 'Stages' },
  { id: 'review', label: 'Review' },
];

/** The wizard's plan together with what it was planned against, so confirm applies exactly that. */
interface Planned {
  result: PlanFieldsResult;
  newStages: NewStage[];
  renames: Record<string, string>;
}

/**
 * Imports a CRM's field list into the open process: pick files → check encoding, preset and
 * column mapping with a live preview → match the file's stages (the rest wait in an Unassigned
 * tray) → review what is added, updated and unchanged → confirm. Nothing changes before the
 * confirm, and the whole import is one undo step. Parsing runs in a worker.
 */
export function FieldImportWizard({ onClose }: { onClose: () => void }): React.JSX.Element {
  const doc = useEditor((state) => state.doc);
  const flow = useReactFlow();
  const [step, setStep] = useState<Step>('files');
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [encoding, setEncoding] = useState<TextEncodingChoice>('auto');
  const [mappings, setMappings] = useState<Record<string, ColumnMapping>>({});
  const [stageChoices, setStageChoices] = useState<Record<string, StageChoice>>({});
  const [fileStages, setFileStages] = useState<string[]>([]);
  const [defaultStageId, setDefaultStageId] = useState<string>(TRAY);
  const [seconds, setSeconds] = useState<Record<string, number>>({});
  const [planned, setPlanned] = useState<Planned | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useRef<RunningJob<PlanFieldsResult> | null>(null);
  const newStageIds = useRef(new Map<string, string>());
  const freshProcess = useMemo(() => (doc ? !doc.stages.some((stage) => stage.kind === 'stage') : false), [doc]);

  // Choices for stage names the file uses and the process lacks; new names get a sensible default.
  const newStages = useMemo<NewStage[]>(
    () =>
      fileStages
        .filter((name) => stageChoices[name] === NEW_STAGE)
        .map((name) => {
          let id = newStageIds.current.get(name);
          if (!id) {
            id = newId('s');
            newStageIds.current.set(name, id);
          }
          return { id, name };
        }),
    [fileStages, stageChoices],
  );

  // In a new process the placeholder outcomes take the CRM's names ("Won" → "Closed Won").
  const renames = useMemo(() => {
    const result: Record<string, string> = {};
    if (!doc || !freshProcess) return result;
    for (const name of fileStages) {
      const stage = doc.stages.find((item) => item.id === stageChoices[name]);
      if (stage && (stage.kind === 'won' || stage.kind === 'lost')) result[stage.id] = name;
    }
    return result;
  }, [doc, freshProcess, fileStages, stageChoices]);

  useEffect(() => {
    if (!doc || files.length === 0) return;
    job.current?.cancel();
    let draft: Process;
    try {
      draft = addImportedStages(doc, newStages, renames);
    } catch (caught) {
      setError(errorMessage(caught));
      return;
    }
    const stageMap: Record<string, string> = {};
    for (const name of fileStages) {
      const choice = stageChoices[name];
      if (choice === NEW_STAGE) stageMap[name] = newStageIds.current.get(name) ?? '';
      else if (choice && choice !== TRAY) stageMap[name] = choice;
    }
    const running = startIoJob({
      kind: 'plan-fields',
      process: draft,
      files: files.map((file) => ({ ...file, ...(mappings[file.name] ? { mapping: mappings[file.name] } : {}) })),
      encoding,
      options: { stageMap, ...(defaultStageId !== TRAY ? { defaultStageId } : {}) },
    });
    job.current = running;
    setBusy('Reading the files…');
    running.result
      .then((result) => {
        if (job.current !== running) return;
        setPlanned({ result, newStages, renames });
        setError(result.message);
        if (result.plan) {
          const unmatched = result.plan.unmatchedStages;
          if (unmatched.some((name) => !fileStages.includes(name))) {
            const order = stageOrder(result.files);
            const rank = (name: string): number => (order.has(name) ? order.get(name)! : order.size);
            setFileStages((known) => [...known, ...unmatched.filter((name) => !known.includes(name))].sort((a, b) => rank(a) - rank(b)));
            setStageChoices((choices) => {
              const next = { ...choices };
              for (const name of unmatched) if (!(name in next)) next[name] = defaultChoice(name, doc, freshProcess);
              return next;
            });
          }
        }
      })
      .catch((caught: unknown) => {
        if (!(caught instanceof CancelledError)) setError(errorMessage(caught));
      })
      .finally(() => {
        if (job.current === running) {
          job.current = null;
          setBusy(null);
        }
      });
  }, [doc, files, encoding, mappings, stageChoices, fileStages, defaultStageId, newStages, renames, freshProcess]);

  useEffect(() => () => job.current?.cancel(), []);

  const pick = async (picked: FileList): Promise<void> => {
    setError(null);
    try {
      const read = await Promise.all([...picked].map(readPickedFile));
      setPlanned(null);
      setFileStages([]);
      setStageChoices({});
      setSeconds({});
      setMappings({});
      setFiles(read);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  // A CSV whose headers match a mapping saved earlier gets that mapping, once.
  const result = planned?.result;
  useEffect(() => {
    if (!result) return;
    for (const file of result.files) {
      const preview = file.preview;
      if (!preview || mappings[file.name]) continue;
      const saved = savedMappingFor(preview.headers);
      if (saved) setMappings((current) => ({ ...current, [file.name]: saved.mapping }));
    }
  }, [result, mappings]);

  const plan = result?.plan ?? null;
  const read = result?.files ?? null;
  const hasCsv = read?.some((file) => file.preview) ?? false;
  // A CSV whose columns are not mapped yet may go on to the mapping step; anything else must read.
  const canLeaveFiles = read !== null && read.every((file) => !file.error || file.preview);
  // A CSV waiting for its mapping is not an error yet: the mapping step shows what is missing.
  const waitingForMapping = error !== null && error === result?.message && canLeaveFiles && step !== 'review';
  const shownError = waitingForMapping ? null : error;
  const canGoOn = step === 'files' ? canLeaveFiles && (plan !== null || hasCsv) : plan !== null;
  const stepIndex = STEPS.findIndex((item) => item.id === step);
  const next = (): void => {
    const following = STEPS.slice(stepIndex + 1).find((item) => item.id !== 'columns' || hasCsv);
    if (following) setStep(following.id);
  };
  const back = (): void => {
    const previous = STEPS.slice(0, stepIndex).reverse().find((item) => item.id !== 'columns' || hasCsv);
    if (previous) setStep(previous.id);
  };

  const confirm = (): void => {
    if (!plan || !planned) return;
    const bySeconds = new Map<number, string[]>();
    for (const add of plan.added) {
      const value = seconds[add.field.id];
      if (value === undefined || value === add.field.secondsToComplete) continue;
      bySeconds.set(value, [...(bySeconds.get(value) ?? []), add.field.id]);
    }
    const applied = useEditor.getState().apply((current) => {
      let next = applyImport(addImportedStages(current, planned.newStages, planned.renames), plan);
      for (const [value, ids] of bySeconds) next = setSecondsForFields(next, ids, value);
      return next;
    }, { capture: 'record' });
    if (applied) {
      useEditor.getState().notify(`Imported: ${summarizePlan(plan)}. Ctrl+Z undoes the whole import.`);
      // New stages may lie outside the view; show the whole process once they are drawn.
      setTimeout(() => void flow.fitView({ ...fitViewOptions(canvasOverlays(useEditor.getState())), duration: 200 }), 50);
    }
    else useEditor.getState().notify('Nothing to import: every field in the file is already in the process as it is.');
    onClose();
  };

  if (!doc) return <></>;
  const changes = plan ? plan.added.length + plan.updated.length + plan.stageDescriptions.length + (planned?.newStages.length ?? 0) : 0;

  return (
    <Modal title="Import fields from a CRM" onClose={onClose}>
      <div className="wizard" data-testid="import-wizard">
        <ol className="wizard-steps" aria-label="Steps">
          {STEPS.filter((item) => item.id !== 'columns' || hasCsv || files.length === 0).map((item, index) => (
            <li key={item.id} aria-current={item.id === step ? 'step' : undefined} className={item.id === step ? 'current' : undefined}>
              {index + 1}. {item.label}
            </li>
          ))}
        </ol>
        <div className="wizard-body">
          {step === 'files' && (
            <FilesStep files={read} picked={files} encoding={encoding} onEncoding={setEncoding} onPick={(list) => void pick(list)} />
          )}
          {step === 'columns' && read && (
            <ColumnsStep
              files={read}
              plan={plan}
              mappings={mappings}
              onMapping={(name, mapping) => setMappings((current) => ({ ...current, [name]: mapping }))}
            />
          )}
          {step === 'stages' && plan && (
            <StagesStep
              process={doc}
              fileStages={fileStages}
              choices={stageChoices}
              onChoice={(name, choice) => setStageChoices((current) => ({ ...current, [name]: choice }))}
              defaultStageId={defaultStageId}
              onDefaultStage={setDefaultStageId}
              plan={plan}
            />
          )}
          {step === 'review' && plan && (
            <ReviewStep process={doc} newStages={planned?.newStages ?? []} plan={plan} seconds={seconds} onSeconds={setSeconds} />
          )}
          {busy && (
            <p className="wizard-busy" role="status">
              <span className="spinner" aria-hidden="true" /> {busy}{' '}
              <button type="button" className="link" onClick={() => job.current?.cancel()}>
                Cancel
              </button>
            </p>
          )}
          {shownError && (
            <div className="banner banner-error" role="alert" data-testid="import-error">
              <p>{shownError}</p>
              <p className="hint">Nothing was changed.</p>
            </div>
          )}
        </div>
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          {stepIndex > 0 && (
            <button type="button" onClick={back}>
              ‹ Back
            </button>
          )}
          {step !== 'review' ? (
            <button type="button" className="primary" onClick={next} disabled={!canGoOn || busy !== null}>
              Next ›
            </button>
          ) : (
            <button type="button" className="primary" onClick={confirm} disabled={!plan || busy !== null || changes === 0}>
              Import {plan?.added.length ?? 0} new, update {plan?.updated.length ?? 0}
            </button>
          )}
        </div>
      </div>
    </Modal>
  );
}

/**
 * The order stages appear in the files: a Path lists its steps in pipeline order, so files with
 * stage guidance lead; new stages are created in this order, left to right.
 */
function stageOrder(files: readonly FileFacts[]): Map<string, number> {
  const order = new Map<string, number>();
  const guided = (file: FileFacts): number => Number((file.source?.guidance.length ?? 0) > 0);
  const sources = [...files].sort((a, b) => guided(b) - guided(a));
  for (const file of sources) {
    if (!file.source) continue;
    for (const item of file.source.guidance) if (!order.has(item.stage)) order.set(item.stage, order.size);
    for (const field of file.source.fields) if (field.stage !== undefined && !order.has(field.stage)) order.set(field.stage, order.size);
  }
  return order;
}

function defaultChoice(name: string, doc: Process, fresh: boolean): StageChoice {
  const folded = name.toLowerCase();
  // "Closed Won" / "Closed Lost" are the outcomes every process already has.
  for (const kind of ['won', 'lost'] as const) {
    const outcomes = doc.stages.filter((stage) => stage.kind === kind);
    if (folded.includes(kind) && outcomes.length === 1) return outcomes[0]!.id;
  }
  return fresh ? NEW_STAGE : TRAY;
}
