import { z } from 'zod';
import { IdSchema, ProcessSchema, ProcessSummarySchema } from '../model/schema';

/**
 * The one API between the renderer and the main side. Each channel has a zod input and output
 * schema; the main side parses every input with it before a service sees it, whether the call came
 * over Electron IPC or the HTTP host. Channel names are `domain:verb-noun`.
 */

/**
 * What a client owns of a process and sends to `process:save`: everything but `revision`,
 * `createdAt` and `updatedAt`, which the server stamps. Unknown keys (a client still sending the
 * stamps) are dropped, never trusted.
 */
export const ProcessContentSchema = ProcessSchema.omit({ revision: true, createdAt: true, updatedAt: true });
export type ProcessContent = z.infer<typeof ProcessContentSchema>;

const ProcessName = z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');

/** A workspace file that could not be read as a process and was moved aside untouched. */
export const SetAsideNoticeSchema = z.object({
  /** File name the document had, e.g. `lead-to-cash.json`. */
  fileName: z.string(),
  /** Name it was moved to, e.g. `lead-to-cash.json.corrupt-20261127T101500Z`. */
  setAsideAs: z.string(),
  /** Why it could not be read, readable. */
  reason: z.string(),
  /** Process id the file belonged to (its file name stem). */
  processId: z.string(),
  /** True when the previous good version (`.bak`) exists and validates. */
  backupAvailable: z.boolean(),
  at: z.string(),
});
export type SetAsideNotice = z.infer<typeof SetAsideNoticeSchema>;

/** Who is editing, shown to others and stamped on proposals. */
export const EditorSchema = z.object({
  name: z.string().trim().max(80, 'must be at most 80 characters'),
  departmentId: z.string().max(64),
});
export type Editor = z.infer<typeof EditorSchema>;

/** Workspace-wide settings, kept outside process documents. */
export const SettingsSchema = z.object({
  editor: EditorSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

export const contract = {
  /** Processes in the workspace, newest first, and files that had to be set aside. */
  'process:list': {
    input: z.object({}),
    output: z.object({
      processes: z.array(ProcessSummarySchema),
      setAside: z.array(SetAsideNoticeSchema),
    }),
  },
  /** The full document of one process. */
  'process:open': {
    input: z.object({ id: IdSchema }),
    output: ProcessSchema,
  },
  /** Creates an empty process, or a copy of the built-in sample. */
  'process:create': {
    input: z.object({
      name: ProcessName,
      description: z.string().max(4000).optional(),
      template: z.enum(['empty', 'sample']).default('empty'),
    }),
    output: ProcessSchema,
  },
  /**
   * Saves a document's content. `baseRevision` is the revision the edit started from; when the
   * stored revision differs — in this process or any other on the workspace — the save is refused
   * with a `conflict` error and nothing is written. The server stamps `revision`
   * (`baseRevision + 1`), `createdAt` (kept) and `updatedAt`, and returns the stored document.
   * Documents with errors that block opening (see `BLOCKING_CODES`) are refused as `invalid-input`.
   */
  'process:save': {
    input: z.object({ process: ProcessContentSchema, baseRevision: z.number().int().min(0) }),
    output: ProcessSchema,
  },
  /** Renames a process (a save of its name, revision +1). */
  'process:rename': {
    input: z.object({ id: IdSchema, name: ProcessName }),
    output: ProcessSummarySchema,
  },
  /** Copies a process under a new id; the copy's name defaults to "<name> (copy)". */
  'process:duplicate': {
    input: z.object({ id: IdSchema, name: ProcessName.optional() }),
    output: ProcessSummarySchema,
  },
  /** Deletes a process document (its backup is kept as `<id>.json.deleted-<time>`). */
  'process:delete': {
    input: z.object({ id: IdSchema }),
    output: z.object({ id: IdSchema }),
  },
  /**
   * Stores a given document as a new process (new id, revision 0, name optionally replaced).
   * Used for "save mine as a copy" after a conflict, and for importing a file.
   */
  'process:import': {
    input: z.object({ process: ProcessSchema, name: ProcessName.optional() }),
    output: ProcessSchema,
  },
  /** Restores the last good version of a process whose file was set aside as corrupt. */
  'process:restore-backup': {
    input: z.object({ id: IdSchema }),
    output: ProcessSchema,
  },
  /** Where the workspace lives on disk. */
  'workspace:get-info': {
    input: z.object({}),
    output: z.object({ path: z.string(), transport: z.enum(['ipc', 'http']) }),
  },
  'settings:get': {
    input: z.object({}),
    output: SettingsSchema,
  },
  'settings:set': {
    input: SettingsSchema,
    output: SettingsSchema,
  },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = z.output<Contract[C]['output']>;

/** Every channel name, for the preload's allow-list and the handler-coverage test. */
export const CHANNELS = Object.keys(contract) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}

/**
 * Error kinds the API returns:
 * - `invalid-input` — the input failed the contract (details lists located problems);
 * - `not-found` — no such process;
 * - `conflict` — a stale save (the stored revision moved on);
 * - `corrupt` — the stored file could not be read and was set aside;
 * - `internal` — anything else (message is still readable).
 */
export const ApiErrorSchema = z.object({
  code: z.enum(['invalid-input', 'not-found', 'conflict', 'corrupt', 'internal']),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** For `conflict`: the revision currently stored. */
  currentRevision: z.number().int().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorSchema>;

/** What a transport carries back: a value or a readable error. */
export type ApiResult<C extends Channel> =
  | { ok: true; value: Output<C> }
  | { ok: false; error: ApiErrorBody };

/** HTTP status for each error kind, used by the browser host. */
export const HTTP_STATUS: Record<ApiErrorBody['code'], number> = {
  'invalid-input': 400,
  'not-found': 404,
  conflict: 409,
  corrupt: 422,
  internal: 500,
};
