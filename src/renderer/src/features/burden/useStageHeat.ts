import { useMemo } from 'react';
import { useEditor } from '../../store/editorStore';
import { exitSums, stageMetrics } from '../../../../shared/model/metrics';

/**
 * Per-stage heat for the canvas when the heat view is on: admin minutes one visit costs.
 * Returns null when the heat view is off.
 */
export function useStageHeat(): ReadonlyMap<string, number> | null {
  const doc = useEditor((state) => state.doc);
  const heat = useEditor((state) => state.heat);
  return useMemo(() => {
    if (!heat || !doc) return null;
    const sums = exitSums(doc);
    return new Map(doc.stages.map((stage) => [stage.id, stageMetrics(stage, sums.get(stage.id) ?? 0).adminMinutesPerVisit]));
  }, [doc, heat]);
}
