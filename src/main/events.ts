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

/** Sends a contract event to every receiver (every window); returns how many got it. */
export function broadcastEvent<E extends EventName>(
  targets: Iterable<EventReceiver>,
  event: E,
  payload: EventPayload<E>,
): number {
  let sent = 0;
  for (const target of targets) if (sendEvent(target, event, payload)) sent++;
  return sent;
}

/**
 * A contract event as one server-sent-events message (`event:` and `data:` lines), the browser
 * host's push channel. Parsed with the event's schema first, like `sendEvent`.
 */
export function serverSentEvent<E extends EventName>(event: E, payload: EventPayload<E>): string {
  const parsed = parseEventPayload(event, payload);
  if (!parsed.ok) throw new Error(parsed.message);
  // JSON.stringify never emits a raw newline, so the payload is a single data line.
  return `event: ${event}\ndata: ${JSON.stringify(parsed.value)}\n\n`;
}
