import { describe, expect, it } from 'vitest';
import { KeyedRateLimiter, TokenBucket } from '../../../src/main/host/rateLimit';
import { firstPrivateIPv4, hostPort, isPrivateIPv4 } from '../../../src/main/host/lan';
import { liveDocName } from '../../../src/main/host/liveSockets';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('token bucket', () => {
  it('allows a burst, then the rate', () => {
    const c = clock();
    const bucket = new TokenBucket({ ratePerSecond: 20, burst: 40, now: c.now });

    const burst = Array.from({ length: 41 }, () => bucket.take());
    c.advance(100);
    const afterTenth = [bucket.take(), bucket.take(), bucket.take()];

    expect(burst.filter(Boolean).length).toBe(40);
    expect(burst[40]).toBe(false);
    expect(afterTenth).toEqual([true, true, false]);
  });

  it('never holds more than its burst after a quiet spell', () => {
    const c = clock();
    const bucket = new TokenBucket({ ratePerSecond: 20, burst: 40, now: c.now });
    bucket.take();
    c.advance(60_000);

    expect(Array.from({ length: 50 }, () => bucket.take()).filter(Boolean).length).toBe(40);
  });

  it('says how long to wait', () => {
    const c = clock();
    const bucket = new TokenBucket({ ratePerSecond: 2, burst: 1, now: c.now });
    bucket.take();

    expect(bucket.waitMs()).toBe(500);
    c.advance(500);
    expect(bucket.waitMs()).toBe(0);
  });

  it('keeps one bucket per key, and forgets refilled ones when full of keys', () => {
    const c = clock();
    const limiter = new KeyedRateLimiter({ ratePerSecond: 1, burst: 1, now: c.now }, 3);

    expect([limiter.take('a'), limiter.take('a'), limiter.take('b')]).toEqual([true, false, true]);
    c.advance(2000);
    limiter.take('c');
    limiter.take('d');
    expect(limiter.size).toBeLessThanOrEqual(3);
  });
});

describe('LAN addresses', () => {
  it('recognises private IPv4 ranges', () => {
    expect(['10.1.2.3', '172.16.0.1', '172.31.255.1', '192.168.1.20'].every(isPrivateIPv4)).toBe(true);
    expect(['172.32.0.1', '8.8.8.8', '127.0.0.1', '192.169.0.1', 'fe80::1', '10.0.0'].some(isPrivateIPv4)).toBe(false);
  });

  it('picks the first external private IPv4', () => {
    const info = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({ address, family, internal, netmask: '', mac: '', cidr: null }) as never;
    expect(
      firstPrivateIPv4({
        lo: [info('127.0.0.1', 'IPv4', true)],
        wlan0: [info('fe80::1', 'IPv6'), info('192.168.1.20', 'IPv4')],
        docker0: [info('8.8.8.8', 'IPv4')],
      }),
    ).toBe('192.168.1.20');
    expect(firstPrivateIPv4({ lo: [info('127.0.0.1', 'IPv4', true)] })).toBeUndefined();
  });

  it('writes IPv6 hosts in brackets', () => {
    expect(hostPort('127.0.0.2', 80)).toBe('127.0.0.2:80');
    expect(hostPort('fe80::1', 80)).toBe('[fe80::1]:80');
  });

  it('accepts plain document names only', () => {
    expect(liveDocName('/live/w1.room')).toBe('w1.room');
    expect(liveDocName('/live/..%2Fx')).toBeUndefined();
    expect(liveDocName('/live/%E0')).toBeUndefined();
    expect(liveDocName('/api/x')).toBeUndefined();
  });
});
