import { parseEventPayload, type EventName, type EventPayload } from '../shared/api/events';

/** The part of Electron's WebContents an event needs; structural so this file imports no electron. */
export interface EventReceiver {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/**
 * The one way the main side pushes a contract event to a renderer. The payload is parsed with the
 * event's schema first, so a malformed message fails here, where it was made, and never reaches a
 * renderer that would drop it as a contract mismatch.
 */
export function sendEvent<E extends EventName>(
  target: EventReceiver | undefined,
  event: E,
  payload: EventPayload<E>,
): boolean {
  const parsed = parseEventPayload(event, payload);
  if (!parsed.ok) throw new Error(parsed.message);
  if (!target || target.isDestroyed()) return false;
  target.send(event, parsed.value);
  return true;
}
