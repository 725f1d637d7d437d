import { useEditor } from '../../store/editorStore';

/**
 * Runs `work` with the heat view switched as asked, then puts it back. The canvas redraws through
 * React effects, so this waits until the stage cards show (or stop showing) heat before drawing.
 */
export async function withHeat<T>(wanted: boolean, container: HTMLElement, work: () => Promise<T>): Promise<T> {
  const state = useEditor.getState();
  const before = state.heat;
  if (before !== wanted) state.toggleHeat();
  try {
    await waitFor(() => container.querySelectorAll('.stage-node.heat').length > 0 === wanted);
    return await work();
  } finally {
    if (useEditor.getState().heat !== before) useEditor.getState().toggleHeat();
  }
}

async function waitFor(ready: () => boolean, timeoutMs = 2000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!ready()) {
    if (performance.now() > until) throw new Error('The canvas did not redraw in time; try the export again.');
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  // One more frame so the browser has laid out the final styles html-to-image will copy.
  await new Promise((resolve) => requestAnimationFrame(resolve));
}
