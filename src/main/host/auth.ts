import type { IncomingMessage } from 'node:http';
import type { ApiErrorBody, Channel } from '../../shared/api/contract';
import type { Author } from '../../shared/model/schema';
import { SESSION_COOKIE } from '../../shared/live/schema';
import { authorChannels, mayCall, mayCallOnProposal, namesProcess, OWN_PROPOSAL_CHANNELS, processIdOf, stampAuthor } from '../../shared/live/permissions';
import type { Caller, WorkshopGate } from '../services/live/types';
import type { HostDispatch } from './types';

/**
 * Who a request on the workshop (LAN) listener comes from: the join-token exchange, the session
 * cookie, and what the caller's role lets them call. The workshop service (`WorkshopGate`) owns
 * tokens and sessions; this module only carries them over HTTP.
 */

/** The value of cookie `name` in a `Cookie` header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

/**
 * The `Set-Cookie` value that hands a joined browser its session: HttpOnly (no script reads it),
 * SameSite=Strict (no other site's page sends it), whole-site path, and `Secure` over TLS. No
 * Max-Age: it lasts as long as the browser session, and the workshop's end makes it worthless.
 */
export function sessionCookie(secret: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${secret}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
}

/** The session secret a request carries, if any. */
export function sessionSecretOf(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  return readCookie(Array.isArray(header) ? header.join('; ') : header, SESSION_COOKIE);
}

/** The caller behind a request's session cookie, or null (no cookie, unknown, revoked, or no workshop). */
export function callerOf(req: IncomingMessage, gate: WorkshopGate | undefined): { caller: Caller; secret: string } | null {
  const secret = sessionSecretOf(req);
  if (!secret || !gate) return null;
  const caller = gate.identify(secret);
  return caller ? { caller, secret } : null;
}

export type Authorized = { ok: true; input: unknown } | { ok: false; error: ApiErrorBody };

const forbidden = (message: string): Authorized => ({ ok: false, error: { code: 'forbidden', message } });

/**
 * Checks a room caller's call before it is dispatched, and returns the input to dispatch:
 * - the role may call the channel (`mayCall`), else `forbidden`;
 * - a channel naming a process names the workshop's process;
 * - `author` is overwritten with the caller's own name and department (they must have given them);
 * - proposals are edited and moved only by their author.
 * The facilitator's calls pass unchanged.
 */
export async function authorizeCall(dispatch: HostDispatch, caller: Caller, channel: Channel, input: unknown): Promise<Authorized> {
  if (caller.role === 'facilitator') return { ok: true, input };
  if (!mayCall(caller.role, channel)) {
    return forbidden(`A workshop ${caller.role} cannot call ${channel}.`);
  }
  if (channel === 'workshop:whoami') return { ok: true, input };
  const who = await dispatch('workshop:whoami', {}, caller);
  if (!who.ok) return { ok: false, error: who.error };
  const { participant, workshop } = who.value as { participant: { name: string; departmentId: string } | null; workshop: { processId: string } | null };
  if (!workshop) return { ok: false, error: { code: 'unauthorized', message: 'No workshop is open.' } };
  if (namesProcess(channel) && processIdOf(channel, input) !== workshop.processId) {
    return forbidden('The workshop shows its own process only.');
  }
  const author = participant ? { name: participant.name, departmentId: participant.departmentId } : undefined;
  let stamped = input;
  if (authorChannels.includes(channel)) {
    if (!author) return forbidden('Give your name and department first.');
    stamped = stampAuthor(channel, input, author);
  }
  if (OWN_PROPOSAL_CHANNELS.includes(channel)) {
    const ref = (typeof input === 'object' && input !== null ? input : {}) as { processId?: unknown; proposalId?: unknown };
    const proposal = await dispatch('proposal:open', { processId: ref.processId, proposalId: ref.proposalId });
    if (!proposal.ok) return { ok: false, error: proposal.error };
    const owner = (proposal.value as { author: Author }).author;
    if (!mayCallOnProposal(caller.role, channel, owner, author ?? null)) return forbidden(`Only ${owner.name}, who made the proposal, can change it.`);
  }
  return { ok: true, input: stamped };
}
