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
import { ConflictError, CorruptError, InvalidRequestError, NotFoundError, UnsupportedError } from '../services/errors';
import type { Workspace } from '../services/workspace';
import { createReviewService, diffReport, type ReviewService } from '../services/review';

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

/**
 * Saves a printable document as PDF. Only the Electron shell has one (it needs a browser window);
 * services stay free of `electron`, so the shell passes it in.
 */
export type SavePdf = (input: ParsedInput<'report:save-pdf'>) => Promise<Output<'report:save-pdf'>>;

/** What every host without a PDF printer answers. */
const noPdf: SavePdf = async () => {
  throw new UnsupportedError('Saving as PDF needs the desktop app; in the browser, print and choose "Save as PDF".');
};

export interface HandlerOptions {
  transport: Transport;
  review?: ReviewService;
  savePdf?: SavePdf;
}

export function createHandlers(workspace: Workspace, { transport, review = createReviewService(workspace), savePdf = noPdf }: HandlerOptions): Handlers {
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
    'history:list': ({ processId }) => review.historyList(processId),
    'history:open': ({ processId, revision }) => review.historyOpen(processId, revision),
    'history:compare': ({ processId, from, to }) => review.historyCompare(processId, from, to),
    'history:restore': (input) => review.historyRestore(input),
    'diff:compute': async ({ before, after }) => diffReport(before, after, new Date().toISOString().slice(0, 10)),
    'comment:list': ({ processId }) => review.listComments(processId),
    'comment:add': (input) => review.addComment(input),
    'comment:edit': (input) => review.editComment(input),
    'comment:resolve': (input) => review.setCommentResolved(input, true),
    'comment:reopen': (input) => review.setCommentResolved(input, false),
    'proposal:list': ({ processId }) => review.listProposals(processId),
    'proposal:create': (input) => review.createProposal(input),
    'proposal:open': ({ processId, proposalId }) => review.openProposal(processId, proposalId),
    'proposal:save': (input) => review.saveProposal(input),
    'proposal:set-status': (input) => review.setProposalStatus(input),
    'proposal:set-reviewers': (input) => review.setReviewers(input),
    'proposal:review': (input) => review.reviewProposal(input),
    'proposal:compare': ({ processId, proposalId }) => review.compareProposal(processId, proposalId),
    'proposal:accept': (input) => review.acceptProposal(input),
    'settings:get': () => workspace.getSettings(),
    'settings:set': (input) => workspace.setSettings(input),
    'report:save-pdf': (input) => savePdf(input),
  };
}

/** Turns a thrown error into the API's error body; unknown errors keep their message. */
export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof NotFoundError) return { code: 'not-found', message: error.message };
  if (error instanceof ConflictError) {
    return { code: 'conflict', message: error.message, currentRevision: error.currentRevision };
  }
  if (error instanceof CorruptError) return { code: 'corrupt', message: error.message };
  if (error instanceof UnsupportedError) return { code: 'unsupported', message: error.message };
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
export function createApi(workspace: Workspace, options: HandlerOptions): Api {
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
