import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { on, subscribeVia } from '../../../src/renderer/src/api/client';
import { isEventName, parseEventPayload } from '../../../src/shared/api/events';

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

  it('is a no-op subscription without a bridge (the browser host)', () => {
    const callback = vi.fn();
    const stop = on('menu:command', callback);

    expect(typeof stop).toBe('function');
    expect(() => stop()).not.toThrow();
    expect(callback).not.toHaveBeenCalled();
  });

  it('knows contract event names only', () => {
    expect(isEventName('menu:command')).toBe(true);
    expect(isEventName('toString')).toBe(false);
    expect(isEventName('stagecraft:menu')).toBe(false);
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
