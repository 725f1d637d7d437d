import { addField, addStage, connect, emptyProcess, newField } from '../../../src/shared/model/commands';
import type { Process } from '../../../src/shared/model/schema';

export const NOW = '2026-11-27T09:00:00.000Z';

/** The empty process: New lead (start) → Won 25 % / Lost 75 %; no errors, no warnings. */
export function baseProcess(): Process {
  return emptyProcess({ id: 'test', name: 'Test process', now: NOW });
}

/**
 * New lead → Work (a working stage, one field `f-1`) → Won 50 % / Lost 50 %; New lead → Lost.
 * Valid with no warnings.
 */
export function smallProcess(): Process {
  let doc = baseProcess();
  doc = { ...doc, transitions: doc.transitions.filter((transition) => transition.id !== 'new-lead-won') };
  doc = addStage(doc, { id: 'work', name: 'Work', position: { x: 160, y: 0 } });
  doc = connect(doc, { id: 'lead-work', from: 'new-lead', to: 'work', probability: 0.25 });
  doc = connect(doc, { id: 'work-won', from: 'work', to: 'won', probability: 0.5 });
  doc = connect(doc, { id: 'work-lost', from: 'work', to: 'lost', probability: 0.5 });
  doc = addField(
    doc,
    'work',
    newField('f-1', {
      label: 'Budget confirmed?',
      requirement: 'required',
      consumers: ['sales'],
      justification: 'Deals without budget stall.',
    }),
  );
  return doc;
}
