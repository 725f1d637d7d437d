import type { Problem } from '../../../../shared/model/problems';
import type { Process } from '../../../../shared/model/schema';

/**
 * What a problem is about, found from its ids (field, then stage, then transition): "Budget on
 * Qualify", "Qualify", "Qualify → Won". Undefined when it names no element of the document.
 */
export function problemSubject(problem: Problem, doc: Process): { name: string; names: string[] } | undefined {
  const stageName = (id: string | undefined): string | undefined => doc.stages.find((s) => s.id === id)?.name;
  if (problem.fieldId !== undefined) {
    for (const stage of doc.stages) {
      const field = stage.fields.find((f) => f.id === problem.fieldId);
      if (field) return { name: `${field.label} on ${stage.name}`, names: [field.label, stage.name] };
    }
  }
  const stage = stageName(problem.stageId);
  if (stage !== undefined) return { name: stage, names: [stage] };
  const transition = problem.transitionId !== undefined ? doc.transitions.find((t) => t.id === problem.transitionId) : undefined;
  if (transition) {
    const from = stageName(transition.from) ?? transition.from;
    const to = stageName(transition.to) ?? transition.to;
    return { name: `${from} → ${to}`, names: [from, to] };
  }
  return undefined;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A problem as one plain sentence: what it is about (from its ids), then what is wrong. A message
 * that already names its subject in quotes is shown as written, so nothing is said twice; a
 * leading `“Stage”: ` becomes `Stage — `.
 */
export function problemSentence(problem: Problem, doc: Process): string {
  const subject = problemSubject(problem, doc);
  if (!subject) {
    const where = problem.path !== '(document)' && problem.path !== '' ? problem.path : '';
    return where ? `${where} — ${problem.message}` : capitalised(problem.message);
  }
  const lead = `“${subject.names[0]}”: `;
  if (subject.names.length === 1 && problem.message.startsWith(lead)) {
    return `${subject.names[0]} — ${problem.message.slice(lead.length)}`;
  }
  if (subject.names.some((name) => problem.message.includes(`“${name}”`) || problem.message.includes(`"${name}"`))) {
    return capitalised(problem.message);
  }
  return `${subject.name} — ${problem.message}`;
}
