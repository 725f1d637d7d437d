import { useMemo } from 'react';
import { useEditor } from '../../store/editorStore';
import { stageHeat } from './burdenView';

/**
 * Per-stage heat for the canvas when the heat view is on: expected admin minutes per opportunity
 * from the expected-value engine (so a stage deals rarely reach stays cool even if its forms are
 * long); while the process is invalid and the engine refuses, the minutes one visit costs.
 * Returns null when the heat view is off.
 */
export function useStageHeat(): ReadonlyMap<string, number> | null {
  const doc = useEditor((state) => state.doc);
  const heat = useEditor((state) => state.heat);
  return useMemo(() => {
    if (!heat || !doc) return null;
    return stageHeat(doc).minutes;
  }, [doc, heat]);
}
