import { describe, expect, it } from 'vitest';
import { importedName } from '../../../../src/shared/model/names';

describe('importedName', () => {
  it('keeps a free name', () => {
    expect(importedName('EMEA', ['Sample'])).toBe('EMEA');
  });

  it('numbers a taken name "(imported 2)", then "(imported 3)"', () => {
    expect(importedName('EMEA', ['EMEA'])).toBe('EMEA (imported 2)');
    expect(importedName('EMEA', ['emea ', 'EMEA (imported 2)'])).toBe('EMEA (imported 3)');
  });
});
