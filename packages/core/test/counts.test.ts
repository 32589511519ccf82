import { describe, expect, it } from 'vitest';
import { countOf } from '../src';

describe('countOf', () => {
  it('says one in the singular and every other count in the plural', () => {
    expect(countOf(1, 'attempt')).toBe('1 attempt');
    expect(countOf(0, 'attempt')).toBe('0 attempts');
    expect(countOf(5, 'attempt')).toBe('5 attempts');
    expect(countOf(2, 'entry', 'entries')).toBe('2 entries');
  });
});
