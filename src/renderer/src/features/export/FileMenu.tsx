import { useEffect, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { isTyping } from '../app/useEditorShortcuts';
import { useEditor } from '../../store/editorStore';
import { errorMessage } from '../../api/client';
import { FieldImportWizard } from '../import/FieldImportWizard';
import { takeImportRequest } from '../import/pendingImport';
import { CalibrationDialog } from '../calibrate/CalibrationDialog';
import type { StageNode, TransitionEdge } from '../canvas/adapters';
import { ImageExportDialog } from './ImageExportDialog';
import { ChangeListDialog } from './ChangeListDialog';
import { MenuButton, type MenuItem } from './MenuButton';
import { downloadHelpTextCsv, downloadHtml, downloadRegisterCsv, handoutDocument, reportDocument, saveAsPdf, type PdfOutcome } from './documents';
import { fileStem } from '../library/processFiles';
import { useWorkshop } from '../../store/workshopStore';
import { WORKSHOP_SHORTCUT } from '../workshop/WorkshopLauncher';

type Dialog = 'image' | 'import-fields' | 'calibrate' | 'change-list' | null;

/**
 * The editor's File menu: what comes in from the CRM and what leaves the room after a workshop.
 * Ctrl+E opens it from the keyboard; Ctrl+Shift+E goes straight to the image export; Ctrl+P
 * prints the workshop report (not the editor's screen, which is what the browser would print).
 */
export function FileMenu({ canvasShown, guest = false }: { canvasShown: boolean; guest?: boolean }): React.JSX.Element {
  const processId = useEditor((state) => state.doc?.id ?? '');
  const flow = useReactFlow<StageNode, TransitionEdge>();
  // The library's "import into a new process" opens the wizard as soon as the process opens.
  const [dialog, setDialog] = useState<Dialog>(() => (processId && takeImportRequest(processId) ? 'import-fields' : null));
  const [openRequest, setOpenRequest] = useState(0);
  const workshopOpen = useWorkshop((state) => state.info !== null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 'p' && !event.shiftKey) {
        event.preventDefault();
        void run(flow, 'print-report');
        return;
      }
      if (key !== 'e' || isTyping(event.target)) return;
      event.preventDefault();
      if (event.shiftKey) {
        if (canvasShown) setDialog('image');
      } else setOpenRequest((count) => count + 1);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [canvasShown, flow]);

  // In a live workshop the room reads and exports; bringing data in is the facilitator's.
  const editing: MenuItem[] = guest
    ? []
    : [
        { id: 'import-fields', label: 'Import fields from a CRM export…', onSelect: () => setDialog('import-fields') },
        { id: 'calibrate', label: 'Calibrate from stage history…', onSelect: () => setDialog('calibrate') },
      ];
  const live: MenuItem[] = guest
    ? []
    : [
        {
          id: 'workshop',
          label: workshopOpen ? 'Show the workshop join link…' : 'Start workshop…',
          shortcut: WORKSHOP_SHORTCUT,
          separator: true,
          onSelect: () => useWorkshop.getState().setStartDialogOpen(true),
        },
      ];
  const items: MenuItem[] = [
    ...editing,
    {
      id: 'image',
      label: 'Export the stage graph as image (PNG, SVG)…',
      shortcut: 'Ctrl+Shift+E',
      separator: true,
      onSelect: () => setDialog('image'),
      ...(canvasShown ? {} : { disabledReason: 'Switch to the stage graph first' }),
    },
    { id: 'register-csv', label: 'Export the field register (CSV)', onSelect: () => void run(flow, 'register-csv') },
    { id: 'report-html', label: 'Export the workshop report (HTML)', onSelect: () => void run(flow, 'report-html') },
    { id: 'print-report', label: 'Print the workshop report / save as PDF…', shortcut: 'Ctrl+P', onSelect: () => void run(flow, 'print-report') },
    { id: 'handout-html', label: 'Export the rep handout (HTML)', separator: true, onSelect: () => void run(flow, 'handout-html') },
    { id: 'print-handout', label: 'Print the rep handout / save as PDF…', onSelect: () => void run(flow, 'print-handout') },
    { id: 'help-text', label: 'Export CRM help text (CSV)', onSelect: () => void run(flow, 'help-text') },
    { id: 'change-list', label: 'Export the CRM change list (CSV)…', onSelect: () => setDialog('change-list') },
    ...live,
  ];

  return (
    <>
      <MenuButton label="File" items={items} openRequest={openRequest} title="Import from a CRM, export and print (Ctrl+E)" />
      {dialog === 'image' && <ImageExportDialog onClose={() => setDialog(null)} />}
      {dialog === 'import-fields' && <FieldImportWizard onClose={() => setDialog(null)} />}
      {dialog === 'calibrate' && <CalibrationDialog onClose={() => setDialog(null)} />}
      {dialog === 'change-list' && <ChangeListDialog onClose={() => setDialog(null)} />}
    </>
  );
}

type Action = 'register-csv' | 'report-html' | 'print-report' | 'handout-html' | 'print-handout' | 'help-text';

async function run(flow: ReturnType<typeof useReactFlow<StageNode, TransitionEdge>>, action: Action): Promise<void> {
  const { doc, notify } = useEditor.getState();
  if (!doc) return;
  try {
    const now = new Date();
    switch (action) {
      case 'register-csv':
        downloadRegisterCsv(doc);
        break;
      case 'help-text':
        downloadHelpTextCsv(doc);
        break;
      case 'report-html':
        downloadHtml(doc, await reportDocument(doc, now, flow), 'report');
        break;
      case 'print-report':
        pdfNotice(await saveAsPdf(await reportDocument(doc, now, flow), `${fileStem(doc.name)}-report.pdf`), notify);
        return;
      case 'handout-html':
        downloadHtml(doc, handoutDocument(doc, now), 'rep-handout');
        break;
      case 'print-handout':
        pdfNotice(await saveAsPdf(handoutDocument(doc, now), `${fileStem(doc.name)}-rep-handout.pdf`), notify);
        return;
    }
    notify('Exported — see your downloads.');
  } catch (error) {
    notify(`Export failed: ${errorMessage(error)}`, 'error');
  }
}

/** The print dialog speaks for itself; a PDF written by the desktop app says where it went. */
function pdfNotice(outcome: PdfOutcome, notify: (message: string) => void): void {
  if (outcome.kind === 'saved') notify(`Saved the PDF to ${outcome.path}`);
}
