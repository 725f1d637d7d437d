import { z } from 'zod';
import { formatPath } from '../model/problems';
import { IdSchema } from '../model/schema';

/**
 * Messages the main side pushes to the renderer without being asked, in the same style as the
 * request/response channels in `contract.ts`: one zod schema per event, named `domain:what`. The
 * main side parses a payload before sending it and the renderer's API client parses it again before
 * any callback sees it, so neither side trusts the other's version.
 */

/** What a desktop menu item asks the renderer to do. */
export const MenuCommandSchema = z.enum([
  /** File › New process: back to the library with the new-process name field focused. */
  'new-process',
]);
/** A menu command name, e.g. `new-process`. */
export type MenuCommand = z.infer<typeof MenuCommandSchema>;

/** Every main-to-renderer event and the schema of its payload. */
export const events = {
  /** The user chose an application menu item (or its accelerator) that the renderer carries out. */
  'menu:command': z.object({
    /** Which item was chosen. */
    command: MenuCommandSchema,
  }),
  /**
   * A process file in the workspace was changed by someone else — another Stagecraft window or
   * host on the same workspace, or an editor — not by a save through this main side. The renderer
   * showing that process offers to reload it instead of finding out at its next save.
   */
  'process:changed-on-disk': z.object({
    /** The process whose file changed. */
    processId: IdSchema,
    /** The revision the file now holds (unchanged when an editor changed it without one). */
    revision: z.number().int().min(0),
  }),
} as const;

/** The name of a main-to-renderer event. */
export type EventName = keyof typeof events;

/** The payload an event's callback receives, as its schema parses it. */
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

/** All event names, for allow-lists and tests. */
export const EVENT_NAMES = Object.keys(events) as EventName[];

/**
 * Parses an event payload against its schema. A mismatch names the event and the first issue so a
 * renderer and main side of different versions fail visibly rather than act on a guessed shape.
 */
export function parseEventPayload<E extends EventName>(
  event: E,
  payload: unknown,
): { ok: true; value: EventPayload<E> } | { ok: false; message: string } {
  const parsed = events[event].safeParse(payload);
  if (parsed.success) return { ok: true, value: parsed.data as EventPayload<E> };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    message: `The ${event} event does not match the contract${issue ? ` (${formatPath(issue.path)}: ${issue.message})` : ''}.`,
  };
}
