import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { validateProcess } from '../../../../shared/model/validate';
import { describeProblems, problemsTabLabel, summarizeProblems } from '../../../../shared/model/problemSummary';
import { call, ApiError, errorMessage } from '../../api/client';
import { useEditor } from '../../store/editorStore';
import { startAutosave } from '../../store/autosave';
import { Canvas } from '../canvas/Canvas';
import { PANEL_BUTTON } from '../canvas/zoom';
import { PresentationCaption } from '../canvas/PresentationCaption';
import { FindDialog } from '../canvas/FindDialog';
import { Inspector } from '../inspector/Inspector';
import { ProblemsPanel } from '../problems/ProblemsPanel';
import { DepartmentsEditor } from '../inspector/DepartmentsEditor';
import { useStageHeat } from '../burden/useStageHeat';
import { useVotesHeat } from '../workshop/useVotesHeat';
import { TopBar, type EditorViewMode } from './TopBar';
import { FieldRegister } from '../register/FieldRegister';
import { ChangedOnDiskBanner } from './ChangedOnDiskBanner';
import { ConflictBanner } from './ConflictBanner';
import { DraftBanner } from './DraftBanner';
import { EditorCommands } from './EditorCommands';
import { ReviewView, type ReviewPage } from '../review/ReviewView';
import { SessionBanner } from '../review/SessionBanner';
import { changeFieldStatus } from '../review/reviewActions';
import { useReviewCounts } from '../review/useReviewCounts';
import { useReview } from '../../store/reviewStore';
import { dropSession } from '../../store/viewSession';
import { selectIsGuest, useWorkshop } from '../../store/workshopStore';
import { LiveWorkshop } from '../workshop/LiveWorkshop';
import { WorkshopLauncher } from '../workshop/WorkshopLauncher';
import { WorkshopPanel } from '../workshop/WorkshopPanel';
import { GuestPanel } from '../workshop/GuestPanel';

// The burden panel brings the chart library; load it when someone opens the tab.
const BurdenPanel = lazy(() => import('../burden/BurdenPanel').then((module) => ({ default: module.BurdenPanel })));

type Tab = 'inspector' | 'problems' | 'burden' | 'departments' | 'workshop';

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
  const panelOpen = useEditor((state) => state.sidePanelOpen);
  const setPanelOpen = useEditor((state) => state.setSidePanelOpen);
  const [mode, setMode] = useState<EditorViewMode>('canvas');
  const [reviewPage, setReviewPage] = useState<ReviewPage>({ tab: 'history' });
  const reviewCounts = useReviewCounts();
  const presenting = useEditor((state) => state.presenting);
  const findOpen = useEditor((state) => state.findOpen);
  const guest = useWorkshop(selectIsGuest);
  const unseen = useWorkshop((state) => state.unseen);
  const workshopOpen = useWorkshop((state) => state.info !== null && state.info.processId === processId);
  // Opening a workshop brings its panel forward; the room starts on theirs.
  useEffect(() => {
    if (workshopOpen) setTab('workshop');
  }, [workshopOpen]);
  const proposeRequest = useWorkshop((state) => state.proposeRequest);
  useEffect(() => {
    if (proposeRequest === 0) return;
    setReviewPage({ tab: 'proposals' });
    setMode('review');
  }, [proposeRequest]);
  useEffect(() => {
    if (!guest) return;
    setTab('workshop');
    // In the room, choosing a stage or a field (or following the facilitator to one) shows it.
    return useEditor.subscribe((state, previous) => {
      const stageChosen = state.selection.stageIds.length === 1 && state.selection.stageIds[0] !== previous.selection.stageIds[0];
      if (stageChosen || (state.fieldId !== null && state.fieldId !== previous.fieldId)) setTab('inspector');
    });
  }, [guest]);

  useEffect(() => {
    let cancelled = false;
    call('process:open', { id: processId })
      .then((process) => {
        // In a workshop the room document may have brought a newer revision already.
        const current = useEditor.getState().doc;
        if (!cancelled && !(current && current.id === process.id && current.revision > process.revision)) load(process);
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
  const problemSummary = useMemo(() => summarizeProblems(problems), [problems]);
  const minutesHeat = useStageHeat();
  const votesHeat = useVotesHeat();
  const heatOn = useEditor((state) => state.heat);
  const heatMode = useEditor((state) => state.heatMode);
  // The votes view only while this browser may see the votes; otherwise the minutes.
  const heatKind = heatMode === 'votes' && votesHeat ? 'votes' : 'minutes';
  const heatByStage = !heatOn ? null : heatKind === 'votes' ? votesHeat : minutesHeat;


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

  const shownTab = tab === 'workshop' && !(guest || workshopOpen) ? 'inspector' : tab === 'departments' && guest ? 'inspector' : tab;
  const tabs: Array<{ id: Tab; label: string; title?: string }> = [
    ...(guest || workshopOpen ? [{ id: 'workshop' as const, label: unseen > 0 && shownTab !== 'workshop' ? `Workshop (${unseen} new)` : 'Workshop' }] : []),
    { id: 'inspector', label: 'Inspector' },
    { id: 'problems', label: problemsTabLabel(problemSummary), title: describeProblems(problemSummary) },
    { id: 'burden', label: 'Admin burden' },
    // Departments are edited here; the room sees them on the fields and the register.
    ...(guest ? [] : [{ id: 'departments' as const, label: 'Departments' }]),
  ];

  return (
    <ReactFlowProvider>
      <EditorCommands canvasShown={mode === 'canvas'} />
      <LiveWorkshop processId={processId} />
      {!guest && <WorkshopLauncher processId={processId} />}
      <div className={`editor${presenting ? ' presenting' : ''}`}>
        <TopBar onClose={onClose} mode={mode} onModeChange={setMode} />
        <DraftBanner processId={processId} />
        <ChangedOnDiskBanner processId={processId} />
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
          <Canvas heatByStage={heatByStage} heatKind={heatKind} votesAvailable={votesHeat !== null} hidden={mode !== 'canvas'} />
          {presenting && mode === 'canvas' && <PresentationCaption />}
          {findOpen && mode === 'canvas' && <FindDialog onClose={() => useEditor.getState().setFindOpen(false)} />}
          {mode === 'register' && (
            <FieldRegister
              onOpenField={() => {
                setTab('inspector');
                setPanelOpen(true);
              }}
              onReview={guest ? undefined : async (refs, status, reason) => {
                const outcome = await changeFieldStatus(refs, status, reason);
                if (!outcome) throw new Error('Say who is acting first.');
                const verb = status === 'justified' ? 'justified' : 'challenged';
                if (outcome.changed > 0) useEditor.getState().notify(`${outcome.changed} field${outcome.changed === 1 ? '' : 's'} ${verb}.`);
                if (outcome.refused.length > 0) useEditor.getState().notify(`Not changed — ${outcome.refused.join(' ')}`, 'error');
              }}
              counts={reviewCounts.byField}
              problemSummary={problemSummary}
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
            <button type="button" className="panel-toggle show" style={PANEL_BUTTON} onClick={() => setPanelOpen(true)} aria-label="Show the side panel">
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
                    aria-selected={shownTab === item.id}
                    aria-controls={`panel-${item.id}`}
                    className={`tab${shownTab === item.id ? ' active' : ''}${item.id === 'problems' && problemSummary.errors > 0 ? ' has-errors' : ''}`}
                    onClick={() => setTab(item.id)}
                    title={item.title}
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
            <div role="tabpanel" id={`panel-${shownTab}`} aria-labelledby={`tab-${shownTab}`} className="tab-panel">
              {shownTab === 'workshop' && (guest ? <GuestPanel /> : <WorkshopPanel onShowJoin={() => useWorkshop.getState().setStartDialogOpen(true)} />)}
              {shownTab === 'inspector' && <Inspector problems={problems} />}
              {shownTab === 'problems' && <ProblemsPanel problems={problems} onShow={() => setTab('inspector')} />}
              {shownTab === 'burden' && (
                <Suspense fallback={<p className="muted">Loading the burden panel…</p>}>
                  <BurdenPanel />
                </Suspense>
              )}
              {shownTab === 'departments' && <DepartmentsEditor />}
            </div>
          </aside>
        </main>
      </div>
    </ReactFlowProvider>
  );
}
