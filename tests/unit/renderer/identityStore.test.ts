import { beforeEach, describe, expect, it, vi } from 'vitest';

// The store reaches the main side only through the API client; here that is a settings stub.
const stored = { editor: { name: '', departmentId: '' } };
const calls: string[] = [];
vi.mock('../../../src/renderer/src/api/client', () => ({
  call: vi.fn(async (channel: string, input: { editor?: { name: string; departmentId: string } }) => {
    calls.push(channel);
    if (channel === 'settings:set' && input.editor) stored.editor = input.editor;
    return { editor: stored.editor };
  }),
  errorMessage: (error: unknown) => String(error),
}));

const { requireIdentity, useIdentity } = await import('../../../src/renderer/src/store/identityStore');

describe('who is acting', () => {
  beforeEach(() => {
    stored.editor = { name: '', departmentId: '' };
    calls.length = 0;
    useIdentity.setState({ editor: { name: '', departmentId: '' }, loaded: false, prompt: null, waiting: [] });
  });

  it('asks before the first action that needs an author, and answers every waiting action', async () => {
    const first = requireIdentity('challenge a field');
    const second = requireIdentity('comment');
    await vi.waitFor(() => expect(useIdentity.getState().prompt).not.toBeNull());
    await useIdentity.getState().save({ name: 'Fiona', departmentId: 'finance' });
    expect(await first).toEqual({ name: 'Fiona', departmentId: 'finance' });
    expect(await second).toEqual({ name: 'Fiona', departmentId: 'finance' });
    expect(useIdentity.getState().prompt).toBeNull();
  });

  it('does not ask again once the workspace knows who is acting', async () => {
    stored.editor = { name: 'Mia', departmentId: 'marketing' };
    expect(await requireIdentity('approve')).toEqual({ name: 'Mia', departmentId: 'marketing' });
    expect(await requireIdentity('comment')).toEqual({ name: 'Mia', departmentId: 'marketing' });
    expect(useIdentity.getState().prompt).toBeNull();
    expect(calls.filter((channel) => channel === 'settings:get')).toHaveLength(1);
  });

  it('gives null to the waiting action when the question is cancelled', async () => {
    const pending = requireIdentity('restore');
    await vi.waitFor(() => expect(useIdentity.getState().prompt).not.toBeNull());
    useIdentity.getState().cancel();
    expect(await pending).toBeNull();
    expect(calls).not.toContain('settings:set');
  });
});
