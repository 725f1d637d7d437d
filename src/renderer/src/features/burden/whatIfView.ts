import type { Process, Requirement } from '../../../../shared/model/schema';
import type { FieldRow } from '../../../../shared/sim/rollup';
import type { FieldOverrides } from '../../../../shared/sim/whatIf';
import { finite } from './burdenFormat';

/**
 * The what-if list as the panel shows it. What a what-if does to a field, and applying it, live
 * in `shared/sim/whatIf.ts` so the preview and "Apply" cannot differ.
 */

/** A field as the what-if list shows it. */
export interface WhatIfField {
  fieldId: string;
  label: string;
  stageId: string;
  requirement: Requirement;
  secondsToComplete: number;
  /** Admin minutes per rep-month the field costs in the document as it is. */
  minutesPerRepMonth: number;
  unjustified: boolean;
}

/** The fields of one stage, biggest first. */
export interface WhatIfGroup {
  stageId: string;
  stageName: string;
  minutesPerRepMonth: number;
  fields: WhatIfField[];
}

/**
 * Active fields grouped by stage for the what-if list, stages and fields biggest first (sizes
 * from the document without overrides, so rows do not jump while the user toggles them).
 * `query` keeps fields whose label or stage name contains it (case-insensitive).
 */
export function whatIfGroups(doc: Process, fields: readonly FieldRow[], query = ''): WhatIfGroup[] {
  const minutes = new Map(fields.map((f) => [`${f.stageId}/${f.fieldId}`, f]));
  const needle = query.trim().toLowerCase();
  const groups: WhatIfGroup[] = [];
  for (const stage of doc.stages) {
    const stageMatches = needle !== '' && stage.name.toLowerCase().includes(needle);
    const items: WhatIfField[] = [];
    for (const field of stage.fields) {
      if (field.status === 'retired') continue;
      if (needle !== '' && !stageMatches && !field.label.toLowerCase().includes(needle)) continue;
      const row = minutes.get(`${stage.id}/${field.id}`);
      items.push({
        fieldId: field.id,
        label: field.label,
        stageId: stage.id,
        requirement: field.requirement,
        secondsToComplete: field.secondsToComplete,
        minutesPerRepMonth: finite(row?.minutesPerRepMonth ?? 0),
        unjustified: row?.unjustified ?? false,
      });
    }
    if (items.length === 0) continue;
    items.sort((a, b) => b.minutesPerRepMonth - a.minutesPerRepMonth);
    groups.push({
      stageId: stage.id,
      stageName: stage.name,
      minutesPerRepMonth: items.reduce((acc, f) => acc + f.minutesPerRepMonth, 0),
      fields: items,
    });
  }
  return groups.sort((a, b) => b.minutesPerRepMonth - a.minutesPerRepMonth);
}

/** Counts of each kind of what-if change, for the summary line. */
export function describeOverrides(overrides: FieldOverrides): string {
  let off = 0;
  let seconds = 0;
  let requirement = 0;
  for (const o of Object.values(overrides)) {
    if (o.enabled === false) off++;
    if (o.secondsToComplete !== undefined) seconds++;
    if (o.requirement !== undefined) requirement++;
  }
  const parts: string[] = [];
  if (off) parts.push(`${off} ${off === 1 ? 'field' : 'fields'} switched off`);
  if (seconds) parts.push(`${seconds} new fill ${seconds === 1 ? 'time' : 'times'}`);
  if (requirement) parts.push(`${requirement} ${requirement === 1 ? 'requirement' : 'requirements'} changed`);
  return parts.join(', ');
}
