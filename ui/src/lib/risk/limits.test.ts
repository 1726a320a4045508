import { describe, expect, it } from 'vitest';
import {
  killConfirmMatches,
  killConfirmText,
  limitErrorsOf,
  mapRows,
  sameLimits,
  withLimit,
} from './limits.js';

describe('risk limits', () => {
  it('sets and unsets limits without touching the original', () => {
    const original = { maxQuantity: '100', requireReference: false };
    const unset = withLimit(original, 'maxQuantity', undefined);
    expect(unset).toEqual({ requireReference: false });
    expect(original).toEqual({ maxQuantity: '100', requireReference: false });
    expect(withLimit(unset, 'perInstrument', { ESZ6: '5' })).toEqual({
      requireReference: false,
      perInstrument: { ESZ6: '5' },
    });
  });

  it('compares drafts by value, whatever the key order', () => {
    expect(sameLimits({ a: '1', b: { y: 1, x: 2 } }, { b: { x: 2, y: 1 }, a: '1' })).toBe(true);
    expect(sameLimits({ a: '1', c: undefined }, { a: '1' })).toBe(true);
    expect(sameLimits({ a: '1' }, { a: '2' })).toBe(false);
  });

  it('maps server errors to the limit they name', () => {
    const problem = {
      detail: '…',
      errors: [
        { path: 'body.limits.maxQuantity', message: 'must be a positive decimal string' },
        { path: 'body.limits.perInstrument.ESZ6', message: 'must be a positive decimal string' },
        { path: 'body', message: 'Unrecognized key: "x"' },
      ],
    };
    expect(limitErrorsOf(problem, '')).toEqual({
      fields: {
        maxQuantity: 'must be a positive decimal string',
        perInstrument: 'ESZ6: must be a positive decimal string',
      },
      message: 'Unrecognized key: "x"',
    });
    expect(limitErrorsOf({ detail: 'rule unknown' }, 'HTTP 400')).toEqual({
      fields: {},
      message: 'rule unknown',
    });
  });

  it('lists map rows sorted', () => {
    expect(mapRows({ ZZZ: '1', AAA: '2' })).toEqual([
      { key: 'AAA', value: '2' },
      { key: 'ZZZ', value: '1' },
    ]);
    expect(mapRows(undefined)).toEqual([]);
  });
});

describe('kill switch confirmation', () => {
  it('asks for the account or desk id exactly, or GLOBAL', () => {
    expect(killConfirmText({ scope: 'account', id: 'ACC-1' })).toBe('ACC-1');
    expect(killConfirmMatches('ACC-1', { scope: 'account', id: 'ACC-1' })).toBe(true);
    expect(killConfirmMatches('acc-1', { scope: 'account', id: 'ACC-1' })).toBe(false);
    expect(killConfirmMatches(' fx-desk ', { scope: 'desk', id: 'fx-desk' })).toBe(true);
    expect(killConfirmMatches('global', { scope: 'global' })).toBe(true);
    expect(killConfirmMatches('', { scope: 'global' })).toBe(false);
    expect(killConfirmMatches('', { scope: 'account' })).toBe(false);
  });
});
