import type { ApiErrorBody, ApiResult, Channel, Input, Output } from '../../../shared/api/contract';

/** The preload bridge, present only inside the Electron window. */
interface StagecraftBridge {
  invoke(channel: string, input: unknown): Promise<unknown>;
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

type Transport = (channel: Channel, input: unknown) => Promise<ApiResult<Channel>>;

const ipcTransport =
  (bridge: StagecraftBridge): Transport =>
  async (channel, input) =>
    (await bridge.invoke(channel, input)) as ApiResult<Channel>;

const httpTransport: Transport = async (channel, input) => {
  let response: Response;
  try {
    response = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
  } catch {
    return {
      ok: false,
      error: { code: 'internal', message: 'Cannot reach the Stagecraft host. Is it still running?' },
    };
  }
  const body = (await response.json().catch(() => null)) as
    | { value?: unknown; error?: ApiErrorBody }
    | null;
  if (response.ok && body && 'value' in body) return { ok: true, value: body.value as Output<Channel> };
  return {
    ok: false,
    error: body?.error ?? { code: 'internal', message: `The host answered ${response.status}.` },
  };
};

const transport: Transport =
  typeof window !== 'undefined' && window.stagecraft ? ipcTransport(window.stagecraft) : httpTransport;

/** Calls one contract channel; resolves with its output or throws an `ApiError`. */
export async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
  const result = await transport(channel, input);
  if (!result.ok) throw new ApiError(result.error);
  return result.value as Output<C>;
}

/** The message to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
