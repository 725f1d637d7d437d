import type { FieldType, Requirement } from '../model/schema';

/**
 * Seconds a rep typically needs to fill one field of each type once, used for imported fields
 * (a CRM export says nothing about time). Editable per field and in bulk afterwards.
 *
 * | type      | s  | why                                                        |
 * |-----------|----|------------------------------------------------------------|
 * | checkbox  | 3  | one click                                                  |
 * | picklist  | 8  | open, scan, pick                                           |
 * | date      | 10 | date picker or typing a date                               |
 * | number    | 10 | a figure the rep usually knows                             |
 * | currency  | 15 | an amount, often looked up or calculated first             |
 * | text      | 20 | a short phrase, a name, a reference                        |
 * | long-text | 90 | notes: next steps, summaries, reasons — the expensive ones |
 *
 * README.md repeats this table; change both together.
 */
export const SECONDS_BY_TYPE: Readonly<Record<FieldType, number>> = {
  checkbox: 3,
  picklist: 8,
  date: 10,
  number: 10,
  currency: 15,
  text: 20,
  'long-text': 90,
};

// CRM type names (Salesforce describe `type`, HubSpot `type`/`fieldType`, Pipedrive
// `field_type`) folded to lower case without separators.
const TYPE_ALIASES: Readonly<Record<string, FieldType>> = {
  // Salesforce
  string: 'text',
  textarea: 'long-text',
  email: 'text',
  phone: 'text',
  url: 'text',
  reference: 'picklist',
  id: 'text',
  combobox: 'picklist',
  picklist: 'picklist',
  multipicklist: 'picklist',
  boolean: 'checkbox',
  double: 'number',
  int: 'number',
  integer: 'number',
  long: 'number',
  percent: 'number',
  currency: 'currency',
  date: 'date',
  datetime: 'date',
  time: 'date',
  encryptedstring: 'text',
  address: 'long-text',
  location: 'text',
  // HubSpot
  enumeration: 'picklist',
  bool: 'checkbox',
  booleancheckbox: 'checkbox',
  checkbox: 'checkbox',
  select: 'picklist',
  radio: 'picklist',
  text: 'text',
  number: 'number',
  calculationequation: 'number',
  phonenumber: 'text',
  file: 'text',
  html: 'long-text',
  // Pipedrive
  varchar: 'text',
  varcharauto: 'text',
  varcharoptions: 'picklist',
  monetary: 'currency',
  enum: 'picklist',
  set: 'picklist',
  user: 'picklist',
  org: 'picklist',
  people: 'picklist',
  daterange: 'date',
  timerange: 'date',
  autocomplete: 'text',
  // Our own names, and common spreadsheet words
  longtext: 'long-text',
  richtext: 'long-text',
  note: 'long-text',
  notes: 'long-text',
  memo: 'long-text',
  decimal: 'number',
  float: 'number',
  money: 'currency',
  amount: 'currency',
  dropdown: 'picklist',
  list: 'picklist',
  yesno: 'checkbox',
  flag: 'checkbox',
};

/**
 * Maps a CRM type name (`textarea`, `enumeration`, `monetary`, `long-text`…) to a Stagecraft
 * field type; undefined when unknown (the caller falls back to `text` and says so).
 */
export function fieldTypeFromCrm(raw: string): FieldType | undefined {
  return TYPE_ALIASES[raw.toLowerCase().replace(/[^a-z]/g, '')];
}

const REQUIRED_WORDS = new Set(['required', 'mandatory', 'true', 'yes', 'y', '1', 'x', 'ja', 'oui', 'required field']);
const OPTIONAL_WORDS = new Set(['optional', 'false', 'no', 'n', '0', '', 'edit', 'readonly', 'read-only', 'none', 'nein', 'non']);

/**
 * Reads a requirement cell: our own values (`blocks-stage`…), yes/no words, booleans, Salesforce
 * layout behaviours (`Required`, `Edit`, `Readonly`). Undefined when it says nothing recognisable.
 */
export function requirementFromText(raw: string): Requirement | undefined {
  const text = raw.trim().toLowerCase();
  if (text === 'blocks-stage' || text === 'blocks stage') return 'blocks-stage';
  if (text === 'blocks-commission' || text === 'blocks commission') return 'blocks-commission';
  if (REQUIRED_WORDS.has(text)) return 'required';
  if (OPTIONAL_WORDS.has(text)) return 'optional';
  return undefined;
}
