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
import type { Process } from '../../shared/model/schema';
import {
  ConflictError,
  CorruptError,
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  RateLimitedError,
  StateConflictError,
  UnauthorizedError,
  UnsupportedError,
} from '../services/errors';
import type { Workspace } from '../services/workspace';
import { createReviewService, diffReport, type ReviewService } from '../services/review';
import { FACILITATOR, type Caller, type LanOpener } from '../services/live/types';
import { createWorkshopService, type WorkshopService } from '../services/live/workshop';
import type { RemoteLiveOptions } from '../services/live/remote';

export type Transport = 'ipc' | 'http';

/**
 * One function per contract channel; TypeScript refuses a missing or extra key. `caller` is who
 * asks (the facilitator for IPC and the loopback listener; a workshop session on the LAN listener).
 */
export type Handlers = { [C in Channel]: (input: ParsedInput<C>, caller: Caller) => Promise<Output<C>> };

/**
 * Parses a channel's input and runs its handler; resolves to a result envelope and never throws.
 * `caller` defaults to the facilitator.
 */
export interface Dispatch {
  <C extends Channel>(channel: C, input: unknown, caller?: Caller): Promise<ApiResult<C>>;
  (channel: unknown, input: unknown, caller?: Caller): Promise<ApiResult<Channel>>;
}

export interface Api {
  dispatch: Dispatch;
  handlers: Handlers;
  /** The live workshop: the host asks it for join tokens, sessions and live connections (`WorkshopGate`). */
  workshop: WorkshopService;
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
  /** The live workshop; default one over this workspace (with `lan` and `loopbackUrl`). */
  workshop?: WorkshopService;
  /** Opens the workshop's LAN listener (the host provides it); without it the join URL is the loopback one. */
  lan?: LanOpener;
  /** The loopback base URL the app is served on, once known. */
  loopbackUrl?: () => string | undefined;
  /** Publishes each workshop's room document to a live relay too (`stagecraft live-relay`). */
  remote?: RemoteLiveOptions;
  /** Clock and id maker for the workshop service (tests pin them). */
  now?: () => Date;
  newId?: () => string;
  log?: (line: string) => void;
}

/** The workshop service `options` describe, or the one they carry. */
function workshopFor(workspace: Workspace, review: ReviewService, options: HandlerOptions): WorkshopService {
  return (
    options.workshop ??
    createWorkshopService({
      workspace,
      review,
      ...(options.lan ? { lan: options.lan } : {}),
      ...(options.loopbackUrl ? { loopbackUrl: options.loopbackUrl } : {}),
      ...(options.remote ? { remote: options.remote } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.newId ? { newId: options.newId } : {}),
      ...(options.log ? { log: options.log } : {}),
    })
  );
}

export function createHandlers(workspace: Workspace, options: HandlerOptions): Handlers {
  const { transport, review = createReviewService(workspace), savePdf = noPdf } = options;
  const workshop = workshopFor(workspace, review, { ...options, review });
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
    'diff:compute': async ({ before, after }) => diffReport(before, after),
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
    ...workshop.handlers,
  };
}

/** Channels whose success stores a new revision of `processId` (the open workshop's room then shows it). */
const PROCESS_WRITES = new Set<Channel>(['process:save', 'process:rename', 'process:restore-backup', 'history:restore', 'proposal:accept']);

/** Channels that change the comments of `input.processId`. */
const COMMENT_WRITES = new Set<Channel>(['comment:add', 'comment:edit', 'comment:resolve', 'comment:reopen']);

/** The stored process a successful write channel answered with, else its id to read it back. */
function writtenProcess(channel: Channel, value: unknown): Process | string | undefined {
  if (channel === 'process:save' || channel === 'history:restore' || channel === 'process:restore-backup') return value as Process;
  if (channel === 'proposal:accept') return (value as { process: Process }).process;
  if (channel === 'process:rename') return (value as { id: string }).id;
  return undefined;
}

/** Turns a thrown error into the API's error body; unknown errors keep their message. */
export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof NotFoundError) return { code: 'not-found', message: error.message };
  if (error instanceof ConflictError) {
    return { code: 'conflict', message: error.message, currentRevision: error.currentRevision };
  }
  if (error instanceof StateConflictError) return { code: 'conflict', message: error.message };
  if (error instanceof CorruptError) return { code: 'corrupt', message: error.message };
  if (error instanceof UnauthorizedError) return { code: 'unauthorized', message: error.message };
  if (error instanceof ForbiddenError) return { code: 'forbidden', message: error.message };
  if (error instanceof RateLimitedError) return { code: 'rate-limited', message: error.message };
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
  const review = options.review ?? createReviewService(workspace);
  const workshop = workshopFor(workspace, review, options);
  const handlers = createHandlers(workspace, { ...options, review, workshop });

  /** After a stored revision of the workshop's process, the room shows it; after a comment change, browsers refetch. */
  async function followWrite(channel: Channel, value: unknown, input: unknown): Promise<void> {
    if (COMMENT_WRITES.has(channel)) workshop.commentsChanged((input as { processId: string }).processId);
    if (!PROCESS_WRITES.has(channel) || workshop.processId === undefined) return;
    const written = writtenProcess(channel, value);
    if (written === undefined) return;
    if (typeof written !== 'string') workshop.processChanged(written);
    else if (written === workshop.processId) workshop.processChanged(await workspace.open(written));
  }

  async function dispatch(channel: unknown, input: unknown, caller: Caller = FACILITATOR): Promise<ApiResult<Channel>> {
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
      const handler = handlers[channel] as (input: unknown, caller: Caller) => Promise<Output<Channel>>;
      const value = await handler(parsed.data, caller);
      await followWrite(channel, value, parsed.data).catch(() => undefined);
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: toErrorBody(error) };
    }
  }

  return { dispatch: dispatch as Dispatch, handlers, workshop };
}

export { CHANNELS };
