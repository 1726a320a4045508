import { describe, expect, it } from 'vitest';
import {
  addDecimal,
  compareDecimal,
  divideDecimal,
  formatMoney,
  groupThousands,
  isDecimal,
  isOnGrid,
  isZeroDecimal,
  midOnGrid,
  multiplyDecimal,
  negateDecimal,
  normalizeDecimal,
  padDecimal,
  roundDecimal,
  roundToStep,
  stepDecimal,
  stepsOf,
  subtractDecimal,
  sumDecimals,
} from './decimal.js';

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

describe('decimal arithmetic', () => {
  it('adds, multiplies and compares exactly', () => {
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
    expect(addDecimal('-1.5', '0.25')).toBe('-1.25');
    expect(multiplyDecimal('1.0851', '100000')).toBe('108510.0000');
    expect(multiplyDecimal('0.1', '0.2')).toBe('0.02');
    expect(multiplyDecimal('-3', '67850.25')).toBe('-203550.75');
    expect(compareDecimal('1.10', '1.1')).toBe(0);
    expect(compareDecimal('-0.01', '0')).toBe(-1);
    expect(compareDecimal('10', '9.999')).toBe(1);
    expect(sumDecimals(['1.5', '-0.25', '0.005'])).toBe('1.255');
    expect(sumDecimals([])).toBe('0');
    expect(negateDecimal('-2.5')).toBe('2.5');
    expect(isZeroDecimal('-0.000')).toBe(true);
  });

  it('rounds half to even', () => {
    expect(roundDecimal('1.005', 2)).toBe('1.00');
    expect(roundDecimal('1.015', 2)).toBe('1.02');
    expect(roundDecimal('1.0151', 2)).toBe('1.02');
    expect(roundDecimal('-2.5', 0)).toBe('-2');
    expect(roundDecimal('-3.5', 0)).toBe('-4');
    expect(roundDecimal('7', 2)).toBe('7.00');
  });

  it('divides with rounding for display', () => {
    expect(divideDecimal('1', '3', 4)).toBe('0.3333');
    expect(divideDecimal('2', '3', 4)).toBe('0.6667');
    expect(divideDecimal('-2', '3', 2)).toBe('-0.67');
    expect(divideDecimal('0.125', '1', 2)).toBe('0.12');
    expect(divideDecimal('0.1251', '1', 2)).toBe('0.13');
    expect(divideDecimal('10', '-4', 1)).toBe('-2.5');
    expect(divideDecimal('1', '0', 2)).toBeNull();
  });

  it('checks and walks the tick grid', () => {
    expect(isOnGrid('1.08505', '0.00005')).toBe(true);
    expect(isOnGrid('1.08507', '0.00005')).toBe(false);
    expect(isOnGrid('0.75', '0.25')).toBe(true);
    expect(stepDecimal('1.0850', '0.0001', 1)).toBe('1.0851');
    expect(stepDecimal('1.0850', '0.0001', -3)).toBe('1.0847');
    expect(stepDecimal('100.3', '0.25', 1)).toBe('100.5');
    expect(stepDecimal('100.3', '0.25', -1)).toBe('100.25');
    expect(stepDecimal('100.3', '0.25', 2)).toBe('100.75');
    expect(stepDecimal('-0.3', '0.25', -1)).toBe('-0.5');
    expect(stepDecimal('', '0.01', 1)).toBe('0.01');
    expect(stepDecimal('', '0.01', 1, '5.55')).toBe('5.56');
    expect(stepDecimal('abc', '1000', -1)).toBe('0');
  });

  it('rounds to the nearest step and takes mids on the grid', () => {
    expect(roundToStep('100.3', '0.25')).toBe('100.25');
    expect(roundToStep('100.4', '0.25')).toBe('100.5');
    expect(roundToStep('100.125', '0.25')).toBe('100');
    expect(roundToStep('-1.07', '0.05')).toBe('-1.05');
    expect(midOnGrid('1.08498', '1.08502', '0.00001')).toBe('1.085');
    expect(midOnGrid('1.08498', '1.08501', '0.00001')).toBe('1.085');
    expect(midOnGrid('5000', '5000.25', '0.25')).toBe('5000');
  });

  it('normalizes and groups for display', () => {
    expect(normalizeDecimal('1.2500')).toBe('1.25');
    expect(normalizeDecimal('003.000')).toBe('3');
    expect(normalizeDecimal('-0.00')).toBe('0');
    expect(groupThousands('1234567.891')).toBe('1,234,567.891');
    expect(groupThousands('-999')).toBe('-999');
    expect(formatMoney('-1250.505')).toBe('-1,250.50');
    expect(formatMoney('1250.515')).toBe('1,250.52');
    expect(formatMoney('-0.001')).toBe('0.00');
    expect(isDecimal('1.')).toBe(false);
    expect(isDecimal('-12.5')).toBe(true);
  });
});
