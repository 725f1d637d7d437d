import type { Entries, FieldStatus, FieldType, Requirement, StageKind, ValueToSales } from '../../../../shared/model/schema';

/** Words the UI uses for the model's enums. */
export const REQUIREMENT_LABEL: Record<Requirement, string> = {
  optional: 'Optional',
  required: 'Required',
  'blocks-stage': 'Blocks the next stage',
  'blocks-commission': 'Blocks commission',
};
export const TYPE_LABEL: Record<FieldType, string> = {
  text: 'Text',
  'long-text': 'Long text',
  number: 'Number',
  currency: 'Currency',
  date: 'Date',
  picklist: 'Picklist',
  checkbox: 'Checkbox',
};
export const VALUE_LABEL: Record<ValueToSales, string> = {
  none: 'None — pure admin',
  low: 'Low',
  medium: 'Medium',
  high: 'High — helps close the deal',
};
export const ENTRIES_LABEL: Record<Entries, string> = {
  'once-per-deal': 'Once per deal',
  'every-stage-visit': 'Every time the deal enters the stage',
  'weekly-while-in-stage': 'Every week while the deal is in the stage',
};
export const STATUS_LABEL: Record<FieldStatus, string> = {
  proposed: 'Proposed',
  justified: 'Justified',
  challenged: 'Challenged',
  retired: 'Retired (no longer asked)',
};
export const KIND_LABEL: Record<StageKind, string> = {
  start: 'Start (deals enter here)',
  stage: 'Working stage',
  won: 'Won (terminal)',
  lost: 'Lost (terminal)',
};
