import { useEffect, useState } from 'react';
import { isTyping } from '../app/useEditorShortcuts';
import { useEditor } from '../../store/editorStore';
import { FieldImportWizard } from '../import/FieldImportWizard';
import { CalibrationDialog } from '../calibrate/CalibrationDialog';
import { takeImportRequest } from '../import/pendingImport';
import { ImageExportDialog } from './ImageExportDialog';
import { MenuButton, type MenuItem } from './MenuButton';

type Dialog = 'image' | 'import-fields' | 'calibrate' | null;

/**
 * The editor's File menu: what comes in from the CRM and what leaves the room after a workshop.
 * Ctrl+E opens it from the keyboard; Ctrl+Shift+E goes straight to the image export.
 */
export function FileMenu({ canvasShown }: { canvasShown: boolean }): React.JSX.Element {
  const processId = useEditor((state) => state.doc?.id ?? '');
  // The library's "import into a new process" opens the wizard as soon as the process opens.
  const [dialog, setDialog] = useState<Dialog>(() => (processId && takeImportRequest(processId) ? 'import-fields' : null));
  const [openRequest, setOpenRequest] = useState(0);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 'e') return;
      if (isTyping(event.target)) return;
      event.preventDefault();
      if (event.shiftKey) {
        if (canvasShown) setDialog('image');
      } else setOpenRequest((count) => count + 1);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [canvasShown]);

  const items: MenuItem[] = [
    { id: 'import-fields', label: 'Import fields from a CRM export…', onSelect: () => setDialog('import-fields') },
    { id: 'calibrate', label: 'Calibrate from stage history…', onSelect: () => setDialog('calibrate') },
    {
      id: 'image',
      label: 'Export the stage graph as image (PNG, SVG)…',
      shortcut: 'Ctrl+Shift+E',
      separator: true,
      onSelect: () => setDialog('image'),
      ...(canvasShown ? {} : { disabledReason: 'Switch to the stage graph first' }),
    },
  ];

  return (
    <>
      <MenuButton label="File" items={items} openRequest={openRequest} title="Import from a CRM, export files (Ctrl+E)" />
      {dialog === 'image' && <ImageExportDialog onClose={() => setDialog(null)} />}
      {dialog === 'import-fields' && <FieldImportWizard onClose={() => setDialog(null)} />}
      {dialog === 'calibrate' && <CalibrationDialog onClose={() => setDialog(null)} />}
    </>
  );
}
