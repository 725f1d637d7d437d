import {
  CHANNELS,
  contract,
  isChannel,
  type ApiErrorBody,
  type ApiResult,
  type Channel,
  type Output,
  type ParsedInput,
} from '../../shared/api/contract';
import { formatPath } from '../../shared/model/problems';
import { ConflictError, CorruptError, InvalidRequestError, NotFoundError } from '../services/errors';
import type { Workspace } from '../services/workspace';

export type Transport = 'ipc' | 'http';

/** One function per contract channel; TypeScript refuses a missing or extra key. */
export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Promise<Output<C>> };

/** Parses a channel's input and runs its handler; resolves to a result envelope and never throws. */
export interface Dispatch {
  <C extends Channel>(channel: C, input: unknown): Promise<ApiResult<C>>;
  (channel: unknown, input: unknown): Promise<ApiResult<Channel>>;
}

export interface Api {
  dispatch: Dispatch;
  handlers: Handlers;
}

export function createHandlers(workspace: Workspace, { transport }: { transport: Transport }): Handlers {
  return {
    'process:list': () => workspace.list(),
    'process:open': ({ id }) => workspace.open(id),
    'process:create': (input) => workspace.create(input),
    'process:save': (input) => workspace.save(input),
    'process:rename': ({ id, name }) => workspace.rename(id, name),
    'process:duplicate': ({ id, name }) => workspace.duplicate(id, name),
    'process:delete': ({ id }) => workspace.delete(id),
    'process:import': (input) => workspace.importProcess(input),
    'process:restore-backup': ({ id }) => workspace.restoreBackup(id),
    'workspace:get-info': async () => ({ path: workspace.dir, transport }),
    'settings:get': () => workspace.getSettings(),
    'settings:set': (input) => workspace.setSettings(input),
  };
}

/** Turns a thrown error into the API's error body; unknown errors keep their message. */
export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof NotFoundError) return { code: 'not-found', message: error.message };
  if (error instanceof ConflictError) {
    return { code: 'conflict', message: error.message, currentRevision: error.currentRevision };
  }
  if (error instanceof CorruptError) return { code: 'corrupt', message: error.message };
  if (error instanceof InvalidRequestError) {
    return {
      code: 'invalid-input',
      message: error.message,
      ...(error.details.length > 0 ? { details: error.details } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: message || 'Unexpected error' };
}

/** The API over a workspace: one validated entry point shared by IPC and the HTTP host. */
export function createApi(workspace: Workspace, options: { transport: Transport }): Api {
  const handlers = createHandlers(workspace, options);

  async function dispatch(channel: unknown, input: unknown): Promise<ApiResult<Channel>> {
    try {
      if (!isChannel(channel)) {
        return {
          ok: false,
          error: { code: 'not-found', message: `Unknown channel ${JSON.stringify(channel)}.` },
        };
      }
      const parsed = contract[channel].input.safeParse(input);
      if (!parsed.success) {
        const details = parsed.error.issues.map((issue) => ({
          path: formatPath(issue.path),
          message: issue.message,
        }));
        const shown = details.slice(0, 3).map((d) => `${d.path}: ${d.message}`).join('; ');
        const more = details.length > 3 ? ` (and ${details.length - 3} more)` : '';
        return {
          ok: false,
          error: { code: 'invalid-input', message: `Invalid input for ${channel}: ${shown}${more}`, details },
        };
      }
      const handler = handlers[channel] as (input: unknown) => Promise<Output<Channel>>;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: toErrorBody(error) };
    }
  }

  return { dispatch: dispatch as Dispatch, handlers };
}

export { CHANNELS };
