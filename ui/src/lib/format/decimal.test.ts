import { describe, expect, it } from 'vitest';
import { padDecimal, stepsOf, subtractDecimal } from './decimal.js';

describe('decimal formatting', () => {
  it('pads to the precision without dropping digits', () => {
    expect(padDecimal('1.085', 5)).toBe('1.08500');
    expect(padDecimal('1.0850012', 5)).toBe('1.0850012');
    expect(padDecimal('12', 2)).toBe('12.00');
    expect(padDecimal('-0.5', 0)).toBe('-0.5');
  });

  it('subtracts exactly', () => {
    expect(subtractDecimal('1.08512', '1.085')).toBe('0.00012');
    expect(subtractDecimal('0.1', '0.3')).toBe('-0.2');
    expect(subtractDecimal('67851.00', '67850.99')).toBe('0.01');
  });

  it('counts steps exactly', () => {
    expect(stepsOf('0.00012', '0.00001')).toBe('12');
    expect(stepsOf('0.75', '0.25')).toBe('3');
    expect(stepsOf('0.3', '0.25')).toBe('1.2');
  });
});
