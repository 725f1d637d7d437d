import { describe, expect, it } from 'vitest';
import { DEFAULT_SELLING_SHARE, SELLING_TIME_REFERENCES } from '../../../../src/shared/sim/reference';

describe('reference figures', () => {
  it('each carry the published number, publication, edition, year and a place to check it', () => {
    expect(SELLING_TIME_REFERENCES.length).toBeGreaterThan(0);
    for (const ref of SELLING_TIME_REFERENCES) {
      expect(ref.value).toBeGreaterThan(0);
      expect(ref.value).toBeLessThan(1);
      expect(ref.claim).toContain(`${Math.round(ref.value * 100)}%`);
      expect(ref.publication).not.toBe('');
      expect(ref.edition).not.toBe('');
      expect(ref.year).toBeGreaterThan(1990);
      expect(ref.checkAt).toMatch(/https:\/\//);
    }
  });

  it('uses a published figure, not a blend, as the default selling share', () => {
    expect(SELLING_TIME_REFERENCES.map((ref) => ref.value)).toContain(DEFAULT_SELLING_SHARE);
  });
});
