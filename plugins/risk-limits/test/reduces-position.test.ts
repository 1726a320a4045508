import type { Decimal, Side } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { reducesPosition } from '../src/reduces-position.js';

const d = (v: string) => v as Decimal;

describe('reducesPosition', () => {
  it.each<[string, string | null | undefined, Side, string, string | undefined, boolean]>([
    ['sell part of a long', '10', 'sell', '5', undefined, true],
    ['sell all of a long', '10', 'sell', '10', undefined, true],
    ['sell more than the long (flips short)', '10', 'sell', '11', undefined, false],
    ['buy on a long', '10', 'buy', '1', undefined, false],
    ['buy back all of a short', '-10', 'buy', '10', undefined, true],
    ['buy more than the short (flips long)', '-10', 'buy', '10.5', undefined, false],
    ['sell on a short', '-10', 'sell', '1', undefined, false],
    ['flat position', '0', 'sell', '1', undefined, false],
    ['no position', null, 'sell', '1', undefined, false],
    ['unknown position', undefined, 'buy', '1', undefined, false],
    ['with working sells still within the long', '10', 'sell', '5', '5', true],
    ['with working sells that would flip it', '10', 'sell', '5', '6', false],
    ['exact decimals: 0.1 + 0.2 against 0.3', '0.3', 'sell', '0.1', '0.2', true],
    ['exact decimals: a satoshi too many', '0.3', 'sell', '0.10000001', '0.2', false],
  ])('%s', (_name, position, side, quantity, working, expected) => {
    const pos = position === null || position === undefined ? position : d(position);
    expect(reducesPosition(pos, side, d(quantity), working === undefined ? undefined : d(working))).toBe(
      expected,
    );
  });
});
