import { ApiErrorSchema, contract, type ApiErrorBody, type ApiResult, type Channel, type Input, type Output } from '../../../shared/api/contract';
import { parseEventPayload, type EventName, type EventPayload } from '../../../shared/api/events';
import { formatPath } from '../../../shared/model/problems';
import { acceptsUnchanged } from '../../../shared/model/schemaFastPath';

/** The preload bridge, present only inside the Electron window. */
interface StagecraftBridge {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: string, callback: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    stagecraft?: StagecraftBridge;
  }
}

/** A readable API failure the UI can show; `code` says what kind (conflict, not-found…). */
export class ApiError extends Error {
  readonly code: ApiErrorBody['code'];
  readonly details: ApiErrorBody['details'];
  readonly currentRevision: number | undefined;

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.details = body.details;
    this.currentRevision = body.currentRevision;
  }
}

/** What a call that never reached the host fails with (the network or the host is down). */
const UNREACHABLE_MESSAGE = 'Cannot reach the Stagecraft host. Is it still running?';

/** True when `error` says the host could not be reached at all (worth retrying later), not a refusal. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'internal' && error.message === UNREACHABLE_MESSAGE;
}

type Transport = (channel: Channel, input: unknown) => Promise<ApiResult<Channel>>;

/**
 * Checks what came back against the contract instead of trusting it: a value must match the
 * channel's output schema, an error the error schema. Anything else becomes an `internal` error
 * naming the first mismatch, so a host of another version fails loudly, not deep in the UI.
 * A value zod would accept unchanged is used as it is (`acceptsUnchanged`, derived from the same
 * schema): opening a 3,000-field process, the full zod parse copied the whole document and took
 * most of the reply's handling; anything else still goes through zod and its messages.
 */
export function checkReply(channel: Channel, reply: unknown): ApiResult<Channel> {
  if (typeof reply === 'object' && reply !== null) {
    const r = reply as { ok?: unknown; value?: unknown; error?: unknown };
    if (r.ok === true) {
      const output = contract[channel].output;
      if (acceptsUnchanged(output, r.value)) return { ok: true, value: r.value as Output<Channel> };
      const parsed = output.safeParse(r.value);
      if (parsed.success) return { ok: true, value: parsed.data as Output<Channel> };
      const issue = parsed.error.issues[0];
      return {
        ok: false,
        error: {
          code: 'internal',
          message: `The reply to ${channel} does not match the contract${issue ? ` (${formatPath(issue.path)}: ${issue.message})` : ''}.`,
        },
      };
    }
    if (r.ok === false) {
      const error = ApiErrorSchema.safeParse(r.error);
      if (error.success) return { ok: false, error: error.data };
    }
  }
  return { ok: false, error: { code: 'internal', message: `The reply to ${channel} is not an API result.` } };
}

const ipcTransport =
  (bridge: StagecraftBridge): Transport =>
  async (channel, input) =>
    checkReply(channel, await bridge.invoke(channel, input));

const httpTransport: Transport = async (channel, input) => {
  let response: Response;
  try {
    response = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
  } catch {
    return { ok: false, error: { code: 'internal', message: UNREACHABLE_MESSAGE } };
  }
  const body: unknown = await response.json().catch(() => null);
  if (typeof body === 'object' && body !== null) {
    if (response.ok && 'value' in body) return checkReply(channel, { ok: true, value: body.value });
    if ('error' in body && ApiErrorSchema.safeParse(body.error).success) {
      return checkReply(channel, { ok: false, error: body.error });
    }
  }
  // The workshop listener refuses a browser without a valid session before any API code runs.
  if (response.status === 401) return { ok: false, error: { code: 'unauthorized', message: 'This browser is not (or no longer) in the workshop.' } };
  return { ok: false, error: { code: 'internal', message: `The host answered ${response.status}.` } };
};

const transport: Transport =
  typeof window !== 'undefined' && window.stagecraft ? ipcTransport(window.stagecraft) : httpTransport;

/**
 * What this host can do beyond the shared channels. Only the desktop shell prints to PDF files
 * (`report:save-pdf`); in the browser the HTTP host would answer `unsupported`, so the renderer
 * goes straight to the browser's print instead of sending a large document just to be refused.
 */
export const capabilities = {
  savePdf: typeof window !== 'undefined' && window.stagecraft !== undefined,
} as const;

/** Calls one contract channel; resolves with its output or throws an `ApiError`. */
export async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
  const result = await transport(channel, input);
  if (!result.ok) throw new ApiError(result.error);
  // checkReply parsed the value with this channel's output schema.
  return result.value as Output<C>;
}

/** Stops a subscription; calling it again does nothing. */
export type Unsubscribe = () => void;

/**
 * Subscribes through a bridge, parsing every payload with the event's contract schema first: a
 * payload that does not match is reported on the console and dropped, never half-handled.
 */
export function subscribeVia<E extends EventName>(
  bridge: Pick<StagecraftBridge, 'on'> | undefined,
  event: E,
  callback: (payload: EventPayload<E>) => void,
): Unsubscribe {
  // Without a bridge there is nothing to listen to: the subscription is real but never fires.
  if (!bridge) return () => undefined;
  return bridge.on(event, (payload) => {
    const parsed = parseEventPayload(event, payload);
    if (parsed.ok) callback(parsed.value);
    else console.error(parsed.message);
  });
}

/** Where the browser host streams contract events (server-sent events, `host/server.ts`). */
export const EVENTS_URL = '/api/events';

/**
 * The browser host's side of `on`: one `EventSource` on `/api/events`, opened with the first
 * subscription and closed with the last. Each message's JSON data goes to the subscribers of its
 * event name; unreadable JSON arrives as `undefined` and fails the contract check like any bad
 * payload. Undefined where the page has no EventSource (tests in Node).
 */
export function serverEventBridge(
  open: (url: string) => Pick<EventSource, 'addEventListener' | 'removeEventListener' | 'close'> = (url) => new EventSource(url),
): Pick<StagecraftBridge, 'on'> {
  let source: ReturnType<typeof open> | undefined;
  let subscribers = 0;
  return {
    on(event, callback) {
      source ??= open(EVENTS_URL);
      const listener = (message: Event): void => {
        let payload: unknown;
        try {
          payload = JSON.parse(String((message as MessageEvent).data));
        } catch {
          payload = undefined;
        }
        callback(payload);
      };
      source.addEventListener(event, listener);
      subscribers++;
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        source?.removeEventListener(event, listener);
        if (--subscribers === 0) {
          source?.close();
          source = undefined;
        }
      };
    },
  };
}

const browserEvents = typeof EventSource === 'undefined' ? undefined : serverEventBridge();

/** Listens to one main-to-renderer contract event; returns the function that stops listening. */
export function on<E extends EventName>(event: E, callback: (payload: EventPayload<E>) => void): Unsubscribe {
  const bridge = typeof window !== 'undefined' && window.stagecraft ? window.stagecraft : browserEvents;
  return subscribeVia(bridge, event, callback);
}

/** The message to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
