import type { Channel } from '../shared/api/contract';
import type { EventName } from '../shared/api/events';

/**
 * The contract's channel names, repeated here so the sandboxed preload bundles no zod (a sandboxed
 * preload can only `require('electron')`). The type below breaks the build when the contract
 * gains a channel this list lacks, and a unit test checks the two lists are equal.
 */
export const PRELOAD_CHANNELS = [
  'process:list',
  'process:open',
  'process:create',
  'process:save',
  'process:rename',
  'process:duplicate',
  'process:delete',
  'process:import',
  'process:restore-backup',
  'workspace:get-info',
  'history:list',
  'history:open',
  'history:compare',
  'history:restore',
  'diff:compute',
  'comment:list',
  'comment:add',
  'comment:edit',
  'comment:resolve',
  'comment:reopen',
  'proposal:list',
  'proposal:create',
  'proposal:open',
  'proposal:save',
  'proposal:set-status',
  'proposal:set-reviewers',
  'proposal:review',
  'proposal:compare',
  'proposal:accept',
  'settings:get',
  'settings:set',
  'report:save-pdf',
  'workshop:start',
  'workshop:status',
  'workshop:end',
  'workshop:revoke',
  'workshop:reveal',
  'workshop:whoami',
  'workshop:profile',
  'workshop:mark',
  'workshop:vote',
  'workshop:challenge',
  'workshop:comment',
  'workshop:my-state',
] as const satisfies readonly Channel[];

type Missing = Exclude<Channel, (typeof PRELOAD_CHANNELS)[number]>;
/** Compile-time check: fails with the missing channel names when the contract grows. */
export const everyChannelListed: [Missing] extends [never] ? true : Missing = true;

const allowed: ReadonlySet<string> = new Set(PRELOAD_CHANNELS);

export function isPreloadChannel(value: unknown): value is Channel {
  return typeof value === 'string' && allowed.has(value);
}

/**
 * The contract's main-to-renderer event names, repeated for the same reason as the channels: the
 * renderer may subscribe to these and nothing else, so it can never listen on Electron's internal
 * channels or on an invoke channel's replies.
 */
export const PRELOAD_EVENTS = ['menu:command', 'process:changed-on-disk'] as const satisfies readonly EventName[];

type MissingEvent = Exclude<EventName, (typeof PRELOAD_EVENTS)[number]>;
/** Compile-time check: fails with the missing event names when the contract gains an event. */
export const everyEventListed: [MissingEvent] extends [never] ? true : MissingEvent = true;

const allowedEvents: ReadonlySet<string> = new Set(PRELOAD_EVENTS);

export function isPreloadEvent(value: unknown): value is EventName {
  return typeof value === 'string' && allowedEvents.has(value);
}
