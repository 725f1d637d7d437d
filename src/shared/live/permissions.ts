import { z } from 'zod';
import { CHANNELS, contract, type Channel } from '../api/contract';
import type { Author } from '../model/schema';
import { sameAuthor } from '../review/comments';
import type { WorkshopRole } from './schema';

/**
 * Who may call what in a live workshop (see README.md, "Roles and permissions"). The roles are
 * nested — an observer's channels are a participant's too, and the facilitator may call every
 * channel — so each channel names the least role allowed to call it. The table is a `Record`
 * over every channel: a new channel does not compile until someone decides who may call it.
 */
export const CHANNEL_ACCESS: Record<Channel, WorkshopRole> = {
  'process:list': 'facilitator',
  // Observers and participants see the workshop's process only (`processIdOf`).
  'process:open': 'observer',
  'process:create': 'facilitator',
  // Participants propose changes; they never edit the process directly.
  'process:save': 'facilitator',
  'process:rename': 'facilitator',
  'process:duplicate': 'facilitator',
  'process:delete': 'facilitator',
  'process:import': 'facilitator',
  'process:restore-backup': 'facilitator',
  // The workspace's path on disk is the facilitator's business, not the room's.
  'workspace:get-info': 'facilitator',
  'history:list': 'facilitator',
  'history:open': 'facilitator',
  'history:compare': 'facilitator',
  'history:restore': 'facilitator',
  'diff:compute': 'observer',
  'comment:list': 'observer',
  // The room comments through `workshop:comment` (attributed, applied once per opId).
  'comment:add': 'facilitator',
  'comment:edit': 'facilitator',
  'comment:resolve': 'facilitator',
  'comment:reopen': 'facilitator',
  'proposal:list': 'observer',
  'proposal:create': 'participant',
  'proposal:open': 'observer',
  // Their own proposals only (`OWN_PROPOSAL_CHANNELS`).
  'proposal:save': 'participant',
  'proposal:set-status': 'participant',
  'proposal:set-reviewers': 'facilitator',
  'proposal:review': 'facilitator',
  'proposal:compare': 'observer',
  'proposal:accept': 'facilitator',
  'settings:get': 'facilitator',
  'settings:set': 'facilitator',
  'report:save-pdf': 'facilitator',
  'workshop:start': 'facilitator',
  'workshop:status': 'facilitator',
  'workshop:end': 'facilitator',
  'workshop:revoke': 'facilitator',
  'workshop:reveal': 'facilitator',
  'workshop:whoami': 'observer',
  'workshop:profile': 'observer',
  'workshop:mark': 'participant',
  'workshop:vote': 'participant',
  'workshop:challenge': 'participant',
  'workshop:comment': 'participant',
  'workshop:my-state': 'observer',
};

const RANK: Record<WorkshopRole, number> = { observer: 0, participant: 1, facilitator: 2 };

/** True when `role` may call `channel` at all (scope and ownership are checked separately). */
export function mayCall(role: WorkshopRole, channel: Channel): boolean {
  return RANK[role] >= RANK[CHANNEL_ACCESS[channel]];
}

/** The keys of a channel's input object (empty for an input that is not a plain object schema). */
function inputKeys(channel: Channel): string[] {
  const schema: unknown = contract[channel].input;
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/**
 * Channels whose input has an `author` (read from the contract's schemas, so a new channel with
 * an author is covered without editing this file). For a participant or observer the host
 * overwrites it with the caller's own name and department (`stampAuthor`): nobody in the room can
 * act as someone else.
 */
export const authorChannels: readonly Channel[] = CHANNELS.filter((channel) => inputKeys(channel).includes('author'));

const AUTHORED = new Set<Channel>(authorChannels);

/**
 * The input with `author` replaced by `author` when the channel takes one; any other input is
 * returned unchanged. Never mutates `input`. A non-object input is left for the contract to refuse.
 */
export function stampAuthor(channel: Channel, input: unknown, author: Author): unknown {
  if (!AUTHORED.has(channel) || typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  return { ...(input as Record<string, unknown>), author: { name: author.name, departmentId: author.departmentId } };
}

/**
 * The process a call is about, when its input names one (`processId`, or `id` for
 * `process:open`), else undefined. A participant's or observer's calls must name the workshop's
 * process: the room sees that process and nothing else of the workspace.
 */
export function processIdOf(channel: Channel, input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const record = input as Record<string, unknown>;
  const keys = inputKeys(channel);
  const key = keys.includes('processId') ? 'processId' : channel.startsWith('process:') && keys.includes('id') ? 'id' : undefined;
  if (key === undefined) return undefined;
  const value = record[key];
  return typeof value === 'string' ? value : '';
}

/** True when a channel's input names a process (so a room caller's call is scoped by `processIdOf`). */
export function namesProcess(channel: Channel): boolean {
  const keys = inputKeys(channel);
  return keys.includes('processId') || (channel.startsWith('process:') && keys.includes('id'));
}

/** Channels a participant may call on their own proposals only (the proposal's author is them). */
export const OWN_PROPOSAL_CHANNELS: readonly Channel[] = ['proposal:save', 'proposal:set-status'];

/**
 * Whether someone may call a proposal channel on a proposal made by `owner`: `role` null is the
 * plain editor (no workshop; anything goes), `me` the caller's own name and department in a
 * workshop (null before they gave them). The host refuses by the same rule (`authorizeCall`:
 * `mayCall`, then own proposals only for `OWN_PROPOSAL_CHANNELS`), and the proposal page shows
 * only the actions that pass it.
 */
export function mayCallOnProposal(role: WorkshopRole | null, channel: Channel, owner: Author, me: Author | null): boolean {
  if (role === null || role === 'facilitator') return true;
  if (!mayCall(role, channel)) return false;
  return !OWN_PROPOSAL_CHANNELS.includes(channel) || (me !== null && sameAuthor(owner, me));
}
