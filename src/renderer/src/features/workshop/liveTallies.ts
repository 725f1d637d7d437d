import type { FieldMark, Participant, Vote } from '../../../../shared/live/schema';
import { dropShare, dropShareByStage, tallyField, tallyFields, voteCount, type FieldTally, type Tally } from '../../../../shared/live/tallies';
import type { Department, Process } from '../../../../shared/model/schema';
import { formatPercent } from '../../format';

/**
 * The room's tallies as the register, the inspector and the canvas show them. The counting rule
 * is `shared/live/tallies.ts` (one definition for the register, the heat view and the report);
 * this module only shapes its answers for display.
 */

export type { FieldTally };
export type DepartmentTally = Tally;

export interface TallyInput {
  marks: readonly FieldMark[];
  votes: readonly Vote[];
  participants: readonly Participant[];
}

/** The room's tally of one field (revoked participants do not count). */
export function tallyOf(input: TallyInput, fieldId: string): FieldTally {
  return tallyField(input.marks, input.votes, fieldId, input.participants);
}

/** Per-department rows with names, in the process's department order, departments with nothing said left out. */
export function departmentBreakdown(tally: FieldTally, departments: readonly Department[]): Array<DepartmentTally & { id: string; name: string }> {
  const known = new Set(departments.map((department) => department.id));
  const rows = departments.map((department) => ({ id: department.id, name: department.name, ...(tally.byDepartment[department.id] ?? empty()) }));
  for (const [id, counts] of Object.entries(tally.byDepartment)) if (!known.has(id)) rows.push({ id, name: id, ...counts });
  return rows.filter((row) => row.fills + row.reads + row.keep + row.drop + row.unsure > 0);
}

function empty(): Tally {
  return { fills: 0, reads: 0, keep: 0, drop: 0, unsure: 0 };
}

/** A register row's live cells: counts, and the per-department split as hover text. */
export interface RegisterTally {
  fills: number;
  reads: number;
  marksTitle: string;
  votes?: { keep: number; drop: number; unsure: number; total: number; dropShareText: string; title: string };
}

/** Every field's register cells (`withVotes`: the votes are visible to this browser). */
export function registerTallies(doc: Process, input: TallyInput, withVotes: boolean): Map<string, RegisterTally> {
  const cells = new Map<string, RegisterTally>();
  const all = tallyFields(input.marks, input.votes, input.participants);
  for (const stage of doc.stages) {
    for (const field of stage.fields) {
      const tally = all.get(field.id) ?? { ...empty(), byDepartment: {} };
      const rows = departmentBreakdown(tally, doc.departments);
      const marksTitle =
        rows.filter((row) => row.fills + row.reads > 0).map((row) => `${row.name}: ${row.fills} fill, ${row.reads} read`).join('\n') ||
        'Nobody in the room has said they fill or read this field yet';
      const total = voteCount(tally);
      const share = dropShare(tally);
      cells.set(field.id, {
        fills: tally.fills,
        reads: tally.reads,
        marksTitle,
        ...(withVotes
          ? {
              votes: {
                keep: tally.keep,
                drop: tally.drop,
                unsure: tally.unsure,
                total,
                dropShareText: share === null ? '' : formatPercent(share),
                title:
                  rows
                    .filter((row) => row.keep + row.drop + row.unsure > 0)
                    .map((row) => `${row.name}: ${row.keep} keep, ${row.drop} drop, ${row.unsure} not sure`)
                    .join('\n') || 'No votes yet',
              },
            }
          : {}),
      });
    }
  }
  return cells;
}

/**
 * The canvas's "Votes" heat: per stage, the share (0..1) of the room's votes on its fields that
 * say drop; stages nobody voted on are left out (they stay uncoloured).
 */
export function votesHeat(doc: Process, input: Pick<TallyInput, 'votes' | 'participants'>): Map<string, number> {
  const heat = new Map<string, number>();
  for (const [stageId, share] of Object.entries(dropShareByStage(doc, input.votes, input.participants))) {
    if (share !== null) heat.set(stageId, share);
  }
  return heat;
}
