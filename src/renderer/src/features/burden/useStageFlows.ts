import { useMemo } from 'react';
import { useEditor } from '../../store/editorStore';
import type { StageFlowFacts } from '../../../../shared/model/adminTime';
import { stageFlows } from './burdenModel';

/**
 * Visits and reach per stage from the expected-value engine (cached per document), so a stage
 * card can show minutes per deal next to minutes per visit; null while the process is invalid.
 */
export function useStageFlows(): ReadonlyMap<string, StageFlowFacts> | null {
  const doc = useEditor((state) => state.doc);
  return useMemo(() => (doc ? stageFlows(doc) : null), [doc]);
}
