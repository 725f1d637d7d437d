import type { FieldStatus } from '../../../../shared/model/schema';
import { reviewFields, type FieldRef } from '../../../../shared/review/fieldReview';
import { saveNow } from '../../store/autosave';
import { useEditor } from '../../store/editorStore';
import { requireIdentity } from '../../store/identityStore';

/** What `changeFieldStatus` did: how many fields moved, and why the others did not. */
export interface ReviewOutcome {
  changed: number;
  refused: string[];
}

/**
 * Moves fields through the shared review state machine as the acting person, as one undoable
 * edit, then saves at once so the decision is in the history with its reason. Fields the state
 * machine refuses stay as they were and are reported. Returns null when the user did not say who
 * they are.
 */
export async function changeFieldStatus(refs: readonly FieldRef[], to: FieldStatus, reason: string): Promise<ReviewOutcome | null> {
  const by = await requireIdentity('Review decisions are recorded with the name and department of whoever makes them.');
  if (!by) return null;
  const at = new Date().toISOString();
  let outcome: ReviewOutcome = { changed: 0, refused: [] };
  useEditor.getState().apply((doc) => {
    const result = reviewFields(doc, refs, { to, reason, by: { name: by.name.trim(), departmentId: by.departmentId }, at });
    outcome = { changed: result.changed.length, refused: result.refused.map((item) => `${item.label}: ${item.message}`) };
    return result.process;
  }, { capture: 'record' });
  if (outcome.changed > 0) await saveNow({ kind: 'review', ...(reason.trim() ? { reason: reason.trim() } : {}) });
  return outcome;
}
