import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { validateProcess } from '../../../../shared/model/validate';
import { call, ApiError, errorMessage } from '../../api/client';
import { useEditor } from '../../store/editorStore';
import { startAutosave } from '../../store/autosave';
import { Canvas } from '../canvas/Canvas';
import { PresentationCaption } from '../canvas/PresentationCaption';
import { FindDialog } from '../canvas/FindDialog';
import { Inspector } from '../inspector/Inspector';
import { ProblemsPanel } from '../problems/ProblemsPanel';
import { DepartmentsEditor } from '../inspector/DepartmentsEditor';
import { useStageHeat } from '../burden/useStageHeat';
import { TopBar, type EditorViewMode } from './TopBar';
import { FieldRegister } from '../register/FieldRegister';
import { ConflictBanner } from './ConflictBanner';
import { DraftBanner } from './DraftBanner';
import { EditorCommands } from './EditorCommands';
import { ReviewView, type ReviewPage } from '../review/ReviewView';
import { SessionBanner } from '../review/SessionBanner';
import { changeFieldStatus } from '../review/reviewActions';
import { useReviewCounts } from '../review/useReviewCounts';
import { useReview } from '../../store/reviewStore';
import { dropSession } from '../../store/viewSession';

// The burden panel brings the chart library; load it when someone opens the tab.
const BurdenPanel = lazy(() => import('../burden/BurdenPanel').then((module) => ({ default: module.BurdenPanel })));

type Tab = 'inspector' | 'problems' | 'burden' | 'departments';

interface EditorViewProps {
  processId: string;
  onClose: () => void;
}

/** One open process: canvas, side panel, autosave. */
export function EditorView({ processId, onClose }: EditorViewProps): React.JSX.Element {
  const [loadError, setLoadError] = useState<string | null>(null);
  const doc = useEditor((state) => state.doc);
  const load = useEditor((state) => state.load);
  const [tab, setTab] = useState<Tab>('inspector');
  // On a projector the canvas may need the whole width.
  const [panelOpen, setPanelOpen] = useState(true);
  const [mode, setMode] = useState<EditorViewMode>('canvas');
  const [reviewPage, setReviewPage] = useState<ReviewPage>({ tab: 'history' });
  const reviewCounts = useReviewCounts();
  const presenting = useEditor((state) => state.presenting);
  const findOpen = useEditor((state) => state.findOpen);

  useEffect(() => {
    let cancelled = false;
    call('process:open', { id: processId })
      .then((process) => {
        if (!cancelled) load(process);
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        setLoadError(
          error instanceof ApiError && error.code === 'not-found'
            ? 'This process no longer exists in the workspace.'
            : errorMessage(error),
        );
      });
    const stopAutosave = startAutosave();
    useReview.getState().reset(processId);
    void useReview.getState().refreshComments();
    void useReview.getState().refreshProposals();
    return () => {
      cancelled = true;
      stopAutosave();
      dropSession();
      useReview.getState().reset(null);
      useEditor.getState().close();
    };
  }, [processId, load]);

  const title = doc?.name;
  useEffect(() => {
    if (title) document.title = `${title} — Stagecraft`;
  }, [title]);

  const problems = useMemo(() => (doc ? validateProcess(doc, { today: new Date().toISOString().slice(0, 10) }) : []), [doc]);
  const errorCount = problems.filter((problem) => problem.severity === 'error').length;
  const warningCount = problems.length - errorCount;
  const heatByStage = useStageHeat();


  if (loadError) {
    return (
      <main className="editor-error">
        <div className="banner banner-error" role="alert">
          <p>Could not open the process: {loadError}</p>
          <button type="button" onClick={onClose}>
            Back to the library
          </button>
        </div>
      </main>
    );
  }
  if (!doc) return <main className="loading">Opening…</main>;

  const tabs: Array<{ id: Tab; label: string }> = [
    { id: 'inspector', label: 'Inspector' },
    { id: 'problems', label: errorCount > 0 ? `Problems (${errorCount} error${errorCount === 1 ? '' : 's'})` : `Problems (${warningCount})` },
    { id: 'burden', label: 'Admin burden' },
    { id: 'departments', label: 'Departments' },
  ];

  return (
    <ReactFlowProvider>
      <EditorCommands canvasShown={mode === 'canvas'} />
      <div className={`editor${presenting ? ' presenting' : ''}`}>
        <TopBar onClose={onClose} mode={mode} onModeChange={setMode} />
        <DraftBanner processId={processId} />
        <SessionBanner
          onOpenProposal={(proposalId) => {
            setReviewPage({ tab: 'proposals', proposalId });
            setMode('review');
          }}
          onOpenHistory={() => {
            setReviewPage({ tab: 'history' });
            setMode('review');
          }}
        />
        <ConflictBanner onOpenCopy={(id) => (window.location.hash = `#/process/${encodeURIComponent(id)}`)} />
        <main className="editor-body">
          {/* The canvas stays mounted under the register, keeping its viewport and selection. */}
          <Canvas heatByStage={heatByStage} hidden={mode !== 'canvas'} />
          {presenting && mode === 'canvas' && <PresentationCaption />}
          {findOpen && mode === 'canvas' && <FindDialog onClose={() => useEditor.getState().setFindOpen(false)} />}
          {mode === 'register' && (
            <FieldRegister
              onOpenField={() => {
                setTab('inspector');
                setPanelOpen(true);
              }}
              onReview={async (refs, status, reason) => {
                const outcome = await changeFieldStatus(refs, status, reason);
                if (!outcome) throw new Error('Say who is acting first.');
                const verb = status === 'justified' ? 'justified' : 'challenged';
                if (outcome.changed > 0) useEditor.getState().notify(`${outcome.changed} field${outcome.changed === 1 ? '' : 's'} ${verb}.`);
                if (outcome.refused.length > 0) useEditor.getState().notify(`Not changed — ${outcome.refused.join(' ')}`, 'error');
              }}
              counts={reviewCounts.byField}
            />
          )}
          {mode === 'review' && (
            <ReviewView
              page={reviewPage}
              onPage={setReviewPage}
              onShowCanvas={() => setMode('canvas')}
              onShowInspector={() => {
                setMode('canvas');
                setTab('inspector');
                setPanelOpen(true);
              }}
            />
          )}
          {!panelOpen && (
            <button type="button" className="panel-toggle show" onClick={() => setPanelOpen(true)} aria-label="Show the side panel">
              ‹ Panel
            </button>
          )}
          <aside className="side-panel" aria-label="Details" hidden={!panelOpen}>
            <div className="tab-row">
              <div role="tablist" aria-label="Panels" className="tabs">
                {tabs.map((item) => (
                  <button
                    key={item.id}
                    role="tab"
                    type="button"
                    id={`tab-${item.id}`}
                    aria-selected={tab === item.id}
                    aria-controls={`panel-${item.id}`}
                    className={`tab${tab === item.id ? ' active' : ''}${item.id === 'problems' && errorCount > 0 ? ' has-errors' : ''}`}
                    onClick={() => setTab(item.id)}
                  >
                    {item.label}
                  </button>
                ))}
              </div>
              <button
                type="button"
                className="panel-toggle"
                onClick={() => setPanelOpen(false)}
                aria-label="Hide the side panel"
                title="Give the canvas the whole width"
              >
                ›
              </button>
            </div>
            <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
              {tab === 'inspector' && <Inspector problems={problems} />}
              {tab === 'problems' && <ProblemsPanel problems={problems} onShow={() => setTab('inspector')} />}
              {tab === 'burden' && (
                <Suspense fallback={<p className="muted">Loading the burden panel…</p>}>
                  <BurdenPanel />
                </Suspense>
              )}
              {tab === 'departments' && <DepartmentsEditor />}
            </div>
          </aside>
        </main>
      </div>
    </ReactFlowProvider>
  );
}
