import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../../../../src/shared/api/contract';
import {
  CHANNEL_ACCESS,
  authorChannels,
  mayCall,
  mayCallOnProposal,
  namesProcess,
  processIdOf,
  stampAuthor,
} from '../../../../src/shared/live/permissions';

/** The README's table, written out once more by hand so a change to either is noticed. */
const OBSERVER: Channel[] = [
  'process:open',
  'comment:list',
  'proposal:list',
  'proposal:open',
  'proposal:compare',
  'diff:compute',
  'workshop:whoami',
  'workshop:profile',
  'workshop:my-state',
];
const PARTICIPANT: Channel[] = [
  ...OBSERVER,
  'workshop:mark',
  'workshop:vote',
  'workshop:challenge',
  'workshop:comment',
  'proposal:create',
  'proposal:save',
  'proposal:set-status',
];

describe('workshop permissions', () => {
  it('classifies every contract channel', () => {
    expect(Object.keys(CHANNEL_ACCESS).sort()).toEqual([...CHANNELS].sort());
  });

  it('lets the facilitator call every channel', () => {
    expect(CHANNELS.filter((c) => !mayCall('facilitator', c))).toEqual([]);
  });

  it('lets an observer call exactly the README’s read channels', () => {
    expect(CHANNELS.filter((c) => mayCall('observer', c)).sort()).toEqual([...OBSERVER].sort());
  });

  it('lets a participant call the observer’s channels plus marking, voting, challenging, commenting and proposing', () => {
    expect(CHANNELS.filter((c) => mayCall('participant', c)).sort()).toEqual([...PARTICIPANT].sort());
  });

  it('never lets the room edit, delete or import a process, nor run the workshop', () => {
    const facilitatorOnly: Channel[] = ['process:save', 'process:delete', 'process:import', 'process:rename', 'history:restore', 'proposal:accept', 'workshop:end', 'workshop:revoke', 'workshop:reveal', 'settings:set'];
    for (const channel of facilitatorOnly) {
      expect(mayCall('participant', channel), channel).toBe(false);
      expect(mayCall('observer', channel), channel).toBe(false);
    }
  });

  it('finds the channels with an author in the contract', () => {
    expect(authorChannels).toContain('process:save');
    expect(authorChannels).toContain('comment:add');
    expect(authorChannels).toContain('proposal:create');
    expect(authorChannels).toContain('proposal:save');
    expect(authorChannels).toContain('proposal:set-status');
    expect(authorChannels).toContain('history:restore');
    expect(authorChannels).not.toContain('workshop:vote');
    expect(authorChannels).not.toContain('process:open');
  });

  it('stamps the caller as author over whatever the client sent, without mutating the input', () => {
    const input = { processId: 'p1', title: 'Drop budget', author: { name: 'Mallory', departmentId: 'finance' } };

    const stamped = stampAuthor('proposal:create', input, { name: 'Sam', departmentId: 'sales' });

    expect(stamped).toEqual({ processId: 'p1', title: 'Drop budget', author: { name: 'Sam', departmentId: 'sales' } });
    expect(input.author.name).toBe('Mallory');
  });

  it('adds the author when the client left it out, and leaves channels without one alone', () => {
    expect(stampAuthor('proposal:create', { processId: 'p1', title: 'x' }, { name: 'Sam', departmentId: 'sales' })).toMatchObject({ author: { name: 'Sam' } });
    const vote = { stageId: 's', fieldId: 'f', choice: 'keep', opId: 'op-000001', author: { name: 'X', departmentId: 'y' } };
    expect(stampAuthor('workshop:vote', vote, { name: 'Sam', departmentId: 'sales' })).toBe(vote);
    expect(stampAuthor('proposal:create', 'not an object', { name: 'Sam', departmentId: 'sales' })).toBe('not an object');
  });

  it('reads the process a call names, so the room stays on the workshop’s process', () => {
    expect(processIdOf('process:open', { id: 'p2' })).toBe('p2');
    expect(processIdOf('comment:list', { processId: 'p3' })).toBe('p3');
    expect(processIdOf('proposal:open', { processId: 'p4', proposalId: 'x' })).toBe('p4');
    expect(processIdOf('comment:list', {})).toBe('');
    expect(processIdOf('diff:compute', { before: {}, after: {} })).toBeUndefined();
    expect(namesProcess('workshop:vote')).toBe(false);
    // Every room channel that names a process is scoped (none slips through unscoped).
    expect(PARTICIPANT.filter((c) => namesProcess(c)).sort()).toEqual(
      ['comment:list', 'process:open', 'proposal:compare', 'proposal:create', 'proposal:list', 'proposal:open', 'proposal:save', 'proposal:set-status'].sort(),
    );
  });
});

describe('mayCallOnProposal: the proposal actions the room is shown, by the host\'s rule', () => {
  const ana = { name: 'Ana', departmentId: 'sales' };
  const bo = { name: 'Bo', departmentId: 'finance' };

  it('lets the plain editor and the facilitator do everything', () => {
    for (const channel of ['proposal:save', 'proposal:set-status', 'proposal:review', 'proposal:accept', 'proposal:set-reviewers'] as const) {
      expect(mayCallOnProposal(null, channel, ana, null)).toBe(true);
      expect(mayCallOnProposal('facilitator', channel, ana, bo)).toBe(true);
    }
  });

  it('lets a participant edit and move their own proposals only, and never sign off or accept', () => {
    expect(mayCallOnProposal('participant', 'proposal:save', ana, ana)).toBe(true);
    expect(mayCallOnProposal('participant', 'proposal:set-status', ana, { name: ' ana ', departmentId: 'sales' })).toBe(true);
    expect(mayCallOnProposal('participant', 'proposal:set-status', ana, bo)).toBe(false);
    expect(mayCallOnProposal('participant', 'proposal:save', ana, null)).toBe(false);
    expect(mayCallOnProposal('participant', 'proposal:review', ana, ana)).toBe(false);
    expect(mayCallOnProposal('participant', 'proposal:accept', ana, ana)).toBe(false);
    expect(mayCallOnProposal('participant', 'proposal:set-reviewers', ana, ana)).toBe(false);
  });

  it('lets an observer do nothing, even with their own name on it', () => {
    for (const channel of ['proposal:save', 'proposal:set-status', 'proposal:review', 'proposal:accept'] as const) {
      expect(mayCallOnProposal('observer', channel, ana, ana)).toBe(false);
    }
  });
});
