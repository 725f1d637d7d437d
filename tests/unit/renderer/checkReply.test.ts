import { describe, expect, it } from 'vitest';
import { checkReply } from '../../../src/renderer/src/api/client';
import { createSampleProcess } from '../../../src/shared/model/sample';

describe('checkReply', () => {
  const sample = createSampleProcess('2026-01-01T00:00:00.000Z');

  it('uses a reply zod would accept unchanged as it is, without copying the document', () => {
    const result = checkReply('process:open', { ok: true, value: sample });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toBe(sample);
  });

  it('gives a reply zod would change what zod gives (unknown keys stripped)', () => {
    const withExtra = { ...sample, fromANewerHost: true };
    const result = checkReply('process:open', { ok: true, value: withExtra });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).not.toBe(withExtra);
    expect(result.value).not.toHaveProperty('fromANewerHost');
    expect(result.value).toEqual(sample);
  });

  it('refuses a reply that does not match the contract and names the first mismatch', () => {
    const broken = { ...sample, stages: sample.stages.map((stage, index) => (index === 0 ? { ...stage, name: 42 } : stage)) };
    const result = checkReply('process:open', { ok: true, value: broken });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('internal');
    expect(result.error.message).toMatch(/^The reply to process:open does not match the contract \(stages\[0\]\.name: /);
  });

  it('passes an API error through and refuses something that is not an API result', () => {
    const error = checkReply('process:open', { ok: false, error: { code: 'not-found', message: 'No such process' } });
    expect(error).toEqual({ ok: false, error: { code: 'not-found', message: 'No such process' } });
    const junk = checkReply('process:open', 'hello');
    expect(junk.ok).toBe(false);
    if (!junk.ok) expect(junk.error.message).toBe('The reply to process:open is not an API result.');
  });
});
