import { useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useEditor } from '../../store/editorStore';
import { errorMessage } from '../../api/client';
import { fileStem } from '../library/processFiles';
import { FormFooter, Modal } from '../app/Modal';
import type { StageNode, TransitionEdge } from '../canvas/adapters';
import { IMAGE_SCALES, renderCanvasImage, type ImageFormat, type ImageScale } from './canvasImage';
import { downloadUrl } from './download';
import { withHeat } from './heatFor';

/** Asks for format, scale and heat view, then downloads the stage graph as an image. */
export function ImageExportDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const flow = useReactFlow<StageNode, TransitionEdge>();
  const [format, setFormat] = useState<ImageFormat>('png');
  const [scale, setScale] = useState<ImageScale>(2);
  const [heat, setHeat] = useState(() => useEditor.getState().heat);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (): Promise<void> => {
    const container = document.querySelector<HTMLElement>('[data-testid="canvas"]');
    const name = useEditor.getState().doc?.name ?? 'process';
    if (!container || container.hidden) {
      setError('Switch to the stage graph first: the image is drawn from it.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const image = await withHeat(heat, container, () => renderCanvasImage(flow, container, { format, scale }));
      const suffix = heat ? '-heat' : '';
      const size = format === 'png' ? `@${scale}x` : '';
      downloadUrl(image.dataUrl, `${fileStem(name)}${suffix}${size}.${format}`);
      useEditor.getState().notify(`Exported the stage graph as ${format.toUpperCase()}.`);
      onClose();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="Export the stage graph as an image" onClose={onClose}>
      <form
        className="form-grid export-image-form"
        onSubmit={(event) => {
          event.preventDefault();
          void run();
        }}
      >
        <fieldset>
          <legend>Format</legend>
          <label className="inline">
            <input type="radio" name="format" checked={format === 'png'} onChange={() => setFormat('png')} /> PNG — for slides and
            chat
          </label>
          <label className="inline">
            <input type="radio" name="format" checked={format === 'svg'} onChange={() => setFormat('svg')} /> SVG — sharp at any
            size, for documents
          </label>
        </fieldset>
        <fieldset disabled={format !== 'png'}>
          <legend>Scale</legend>
          {IMAGE_SCALES.map((option) => (
            <label key={option} className="inline">
              <input type="radio" name="scale" checked={scale === option} onChange={() => setScale(option)} /> {option}×
            </label>
          ))}
          {format !== 'png' && <p className="hint">An SVG has no fixed resolution.</p>}
        </fieldset>
        <label className="inline">
          <input type="checkbox" checked={heat} onChange={(event) => setHeat(event.target.checked)} /> Heat view (stages
          coloured by the admin minutes they cost)
        </label>
        <FormFooter error={error} onCancel={onClose} submitLabel={busy ? 'Drawing…' : `Export ${format.toUpperCase()}`} submitDisabled={busy} autoFocusSubmit />
      </form>
    </Modal>
  );
}
