import type { Process } from '../model/schema';
import type { FieldMark, Participant, Vote, VoteChoice } from './schema';

/**
 * The room's answers, counted once for every place that shows them: the register's columns, the
 * canvas heat view and the workshop report. Revoked participants do not count (the facilitator
 * removed them, usually for a reason); a mark counts for the participant's current department, a
 * vote for the department they voted as.
 */

/** Counts for one department (or for everyone). */
export interface Tally {
  /** Participants who said "I fill this". */
  fills: number;
  /** Participants who said "I read this". */
  reads: number;
  keep: number;
  drop: number;
  unsure: number;
}

export interface FieldTally extends Tally {
  /** Department id → its counts; departments with nothing to count are absent. */
  byDepartment: Record<string, Tally>;
}

const empty = (): Tally => ({ fills: 0, reads: 0, keep: 0, drop: 0, unsure: 0 });

/** Participant ids that count (everyone not revoked), and their departments. */
function counted(participants: readonly Participant[] | undefined): ((id: string) => { departmentId: string } | undefined) | undefined {
  if (!participants) return undefined;
  const live = new Map(participants.filter((p) => !p.revokedAt).map((p) => [p.id, p]));
  return (id) => live.get(id);
}

const VOTE_KEY: Record<VoteChoice, 'keep' | 'drop' | 'unsure'> = { keep: 'keep', drop: 'drop', unsure: 'unsure' };

/**
 * Tallies of every field with at least one mark or vote, in one pass. Without `participants`
 * every mark and vote counts and marks have no department.
 */
export function tallyFields(marks: readonly FieldMark[], votes: readonly Vote[], participants?: readonly Participant[]): Map<string, FieldTally> {
  const who = counted(participants);
  const out = new Map<string, FieldTally>();
  const tallyOf = (fieldId: string) => {
    let t = out.get(fieldId);
    if (!t) out.set(fieldId, (t = { ...empty(), byDepartment: {} }));
    return t;
  };
  const department = (t: FieldTally, id: string) => (t.byDepartment[id] ??= empty());
  for (const mark of marks) {
    const person = who?.(mark.participantId);
    if (who && !person) continue;
    if (!mark.fills && !mark.reads) continue;
    const t = tallyOf(mark.fieldId);
    const d = person ? department(t, person.departmentId) : undefined;
    for (const flag of ['fills', 'reads'] as const) {
      if (!mark[flag]) continue;
      t[flag]++;
      if (d) d[flag]++;
    }
  }
  for (const vote of votes) {
    if (who && !who(vote.participantId)) continue;
    const t = tallyOf(vote.fieldId);
    const key = VOTE_KEY[vote.choice];
    t[key]++;
    department(t, vote.departmentId)[key]++;
  }
  return out;
}

/** The tally of one field (all zeros when nobody marked or voted on it). */
export function tallyField(marks: readonly FieldMark[], votes: readonly Vote[], fieldId: string, participants?: readonly Participant[]): FieldTally {
  const only = tallyFields(
    marks.filter((m) => m.fieldId === fieldId),
    votes.filter((v) => v.fieldId === fieldId),
    participants,
  );
  return only.get(fieldId) ?? { ...empty(), byDepartment: {} };
}

/** Votes cast on a tally (keep + drop + unsure). */
export const voteCount = (t: Tally): number => t.keep + t.drop + t.unsure;

/** Share of "drop" among the votes of a tally, 0..1, or null without votes. */
export function dropShare(t: Tally): number | null {
  const n = voteCount(t);
  return n === 0 ? null : t.drop / n;
}

/**
 * For the heat view: per stage id, the share of "drop" among the votes on that stage's fields
 * (0..1), or null when nobody voted there. Votes on fields no longer in the process are ignored.
 */
export function dropShareByStage(process: Process, votes: readonly Vote[], participants?: readonly Participant[]): Record<string, number | null> {
  const fields = tallyFields([], votes, participants);
  const out: Record<string, number | null> = {};
  for (const stage of process.stages) {
    const sum = empty();
    for (const field of stage.fields) {
      const t = fields.get(field.id);
      if (!t) continue;
      sum.keep += t.keep;
      sum.drop += t.drop;
      sum.unsure += t.unsure;
    }
    out[stage.id] = dropShare(sum);
  }
  return out;
}
