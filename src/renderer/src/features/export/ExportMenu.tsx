import { useEffect, useState } from 'react';
import { isTyping } from '../app/useEditorShortcuts';
import { ImageExportDialog } from './ImageExportDialog';
import { MenuButton, type MenuItem } from './MenuButton';

type Dialog = 'image' | null;

/**
 * The editor's Export menu: what leaves the room after a workshop. Ctrl+E opens it from the
 * keyboard; Ctrl+Shift+E goes straight to the image export.
 */
export function ExportMenu({ canvasShown }: { canvasShown: boolean }): React.JSX.Element {
  const [dialog, setDialog] = useState<Dialog>(null);
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
    {
      id: 'image',
      label: 'Stage graph as image (PNG, SVG)…',
      shortcut: 'Ctrl+Shift+E',
      onSelect: () => setDialog('image'),
      ...(canvasShown ? {} : { disabledReason: 'Switch to the stage graph first' }),
    },
  ];

  return (
    <>
      <MenuButton label="Export" items={items} openRequest={openRequest} title="Export the process (Ctrl+E)" />
      {dialog === 'image' && <ImageExportDialog onClose={() => setDialog(null)} />}
    </>
  );
}
