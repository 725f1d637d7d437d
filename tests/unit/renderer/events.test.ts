import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { EVENTS_URL, on, serverEventBridge, subscribeVia } from '../../../src/renderer/src/api/client';
import { parseEventPayload } from '../../../src/shared/api/events';

function fakeBridge() {
  let deliver: ((payload: unknown) => void) | undefined;
  const unsubscribe = vi.fn();
  const bridge = {
    on: vi.fn((_event: string, callback: (payload: unknown) => void) => {
      deliver = callback;
      return unsubscribe;
    }),
  };
  return { bridge, unsubscribe, deliver: (payload: unknown) => deliver!(payload) };
}

describe('renderer event subscriptions', () => {
  it('passes a payload that matches the contract to the callback', () => {
    const fake = fakeBridge();
    const callback = vi.fn();

    subscribeVia(fake.bridge, 'menu:command', callback);
    fake.deliver({ command: 'new-process' });

    expect(fake.bridge.on).toHaveBeenCalledWith('menu:command', expect.any(Function));
    expect(callback).toHaveBeenCalledWith({ command: 'new-process' });
  });

  it('drops a payload that does not match, and says why', () => {
    const fake = fakeBridge();
    const callback = vi.fn();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    subscribeVia(fake.bridge, 'menu:command', callback);
    for (const bad of [{ command: 'rm -rf' }, {}, null, 'new-process']) fake.deliver(bad);

    expect(callback).not.toHaveBeenCalled();
    expect(error).toHaveBeenCalledTimes(4);
    expect(String(error.mock.calls[0]![0])).toMatch(/menu:command.*does not match/);
    error.mockRestore();
  });

  it('returns the bridge unsubscribe', () => {
    const fake = fakeBridge();

    subscribeVia(fake.bridge, 'menu:command', vi.fn())();

    expect(fake.unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('is a no-op subscription with neither a bridge nor EventSource (Node)', () => {
    const callback = vi.fn();
    const stop = on('menu:command', callback);

    expect(typeof stop).toBe('function');
    expect(() => stop()).not.toThrow();
    expect(callback).not.toHaveBeenCalled();
  });

  it('checks process:changed-on-disk payloads against the contract', () => {
    const fake = fakeBridge();
    const callback = vi.fn();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    subscribeVia(fake.bridge, 'process:changed-on-disk', callback);
    fake.deliver({ processId: 'pipeline', revision: 4 });
    for (const bad of [{ processId: '../etc', revision: 4 }, { processId: 'pipeline', revision: -1 }, { processId: 'pipeline' }]) fake.deliver(bad);

    expect(callback.mock.calls).toEqual([[{ processId: 'pipeline', revision: 4 }]]);
    expect(error).toHaveBeenCalledTimes(3);
    error.mockRestore();
  });

  it('in the browser, reads events from one EventSource on /api/events, closed with the last subscriber', () => {
    const listeners = new Map<string, Set<(message: Event) => void>>();
    const source = {
      addEventListener: vi.fn((name: string, listener: (message: Event) => void) => {
        if (!listeners.has(name)) listeners.set(name, new Set());
        listeners.get(name)!.add(listener);
      }),
      removeEventListener: vi.fn((name: string, listener: (message: Event) => void) => listeners.get(name)?.delete(listener)),
      close: vi.fn(),
    };
    const open = vi.fn(() => source);
    const bridge = serverEventBridge(open);
    const push = (name: string, data: string) => {
      for (const listener of listeners.get(name) ?? []) listener({ data } as MessageEvent);
    };
    const changed = vi.fn();
    const menu = vi.fn();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    const stopChanged = subscribeVia(bridge, 'process:changed-on-disk', changed);
    const stopMenu = subscribeVia(bridge, 'menu:command', menu);
    push('process:changed-on-disk', '{"processId":"pipeline","revision":3}');
    push('process:changed-on-disk', 'not json');
    stopChanged();
    push('process:changed-on-disk', '{"processId":"pipeline","revision":4}');

    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith(EVENTS_URL);
    expect(changed.mock.calls).toEqual([[{ processId: 'pipeline', revision: 3 }]]);
    expect(error).toHaveBeenCalledTimes(1);
    expect(source.close).not.toHaveBeenCalled();
    stopMenu();
    expect(source.close).toHaveBeenCalledTimes(1);
    expect(menu).not.toHaveBeenCalled();
    error.mockRestore();
  });

  it('keeps only what the contract defines in a payload', () => {
    expect(parseEventPayload('menu:command', { command: 'new-process', extra: 1 })).toEqual({
      ok: true,
      value: { command: 'new-process' },
    });
  });

  it('leaves no untyped DOM event for menus in the renderer', () => {
    const root = join(__dirname, '../../../src/renderer/src');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
    const offenders = files.filter((f) => readFileSync(join(root, f), 'utf8').includes('stagecraft:menu'));

    expect(files.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
