import { describe, expect, it } from 'vitest';
import { processToReopen } from '../../../src/renderer/src/features/library/libraryMemory';

describe('which process a bare start reopens', () => {
  it('reopens the last process while it exists', () => {
    expect(processToReopen(['a', 'b'], 'b')).toBe('b');
  });
  it('opens the only process when the last one is gone or unknown', () => {
    expect(processToReopen(['a'], 'gone')).toBe('a');
    expect(processToReopen(['a'], null)).toBe('a');
  });
  it('shows the library when there is no single obvious choice', () => {
    expect(processToReopen(['a', 'b'], null)).toBeNull();
    expect(processToReopen([], null)).toBeNull();
  });
});
