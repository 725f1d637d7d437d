import { useEditor } from '../../store/editorStore';

/** Enters presentation mode, full screen where the browser allows it (it may refuse: then just the mode). */
export function startPresenting(): void {
  useEditor.getState().setPresenting(true);
  document.documentElement.requestFullscreen?.().catch(() => undefined);
}

/** Leaves presentation mode and full screen. */
export function stopPresenting(): void {
  useEditor.getState().setPresenting(false);
  if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
}
