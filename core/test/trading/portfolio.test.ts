import { type Account, big, type Decimal, dec, type Execution, type Price } from '@qmo/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Portfolio } from '../../src/index.js';

const MULTIPLIERS: Record<string, string> = { ES: '50', BTC: '1' };
const multiplierOf = (id: string) => (MULTIPLIERS[id] ?? '1') as Decimal;
const noMarks = () => null;

let n = 0;
function exec(
  side: 'buy' | 'sell',
  quantity: string,
  price: string,
  more: Partial<Execution> = {},
): Execution {
  return {
    executionId: `e${++n}`,
    orderId: 'o',
    clientOrderId: 'c',
    account: 'A',
    instrument: 'ES',
    side,
    price: price as Price,
    quantity: quantity as Decimal,
    fee: '0' as Decimal,
    feeCurrency: 'USD',
    liquidity: 'taker',
    venue: 'sim',
    ts: n,
    ...more,
  };
}

describe('Portfolio', () => {
  it('weights the average on increases, keeps it on reductions, resets it through zero; realised P&L × multiplier', () => {
    const p = new Portfolio(multiplierOf);
    p.apply(exec('buy', '2', '100'));
    p.apply(exec('buy', '1', '103'));
    expect(p.position('A', 'ES', undefined, noMarks)).toMatchObject({
      quantity: '3',
      avgPrice: '101',
      realizedPnl: '0',
    });
    p.apply(exec('sell', '1', '105'));
    // (105 − 101) × 1 × 50
    expect(p.position('A', 'ES', undefined, noMarks)).toMatchObject({
      quantity: '2',
      avgPrice: '101',
      realizedPnl: '200',
    });
    p.apply(exec('sell', '3', '99'));
    // closes 2 at (99 − 101) × 2 × 50 = −200 → 0 total; opens −1 at 99
    expect(p.position('A', 'ES', undefined, noMarks)).toMatchObject({
      quantity: '-1',
      avgPrice: '99',
      realizedPnl: '0',
    });
    p.apply(exec('buy', '1', '97.5'));
    // short: (97.5 − 99) × 1 × 50 × −1 = +75
    expect(p.position('A', 'ES', undefined, noMarks)).toMatchObject({
      quantity: '0',
      avgPrice: null,
      realizedPnl: '75',
    });
  });

  it('marks unrealised P&L = (mark − avg) × qty × multiplier, 0 without a mark', () => {
    const p = new Portfolio(multiplierOf);
    p.apply(exec('sell', '2', '100.25'));
    expect(p.position('A', 'ES', undefined, () => '99.75' as Price)?.unrealizedPnl).toBe('50');
    expect(p.position('A', 'ES', undefined, noMarks)?.unrealizedPnl).toBe('0');
  });

  it('keeps an average that does not terminate exact: P&L is exact once flat', () => {
    const p = new Portfolio(multiplierOf);
    p.apply(exec('buy', '1', '1', { instrument: 'BTC' }));
    p.apply(exec('buy', '2', '2', { instrument: 'BTC' }));
    expect(p.position('A', 'BTC', undefined, noMarks)?.avgPrice).toBe(dec(big('5').div(3)));
    p.apply(exec('sell', '1', '2', { instrument: 'BTC' }));
    p.apply(exec('sell', '1', '2', { instrument: 'BTC' }));
    p.apply(exec('sell', '1', '2', { instrument: 'BTC' }));
    // Cash flow: −1 − 4 + 6 = 1, exactly, despite the average of 5/3 in between.
    expect(p.position('A', 'BTC', undefined, noMarks)).toMatchObject({ quantity: '0', realizedPnl: '1' });
  });

  it('applies an execution id once', () => {
    const p = new Portfolio(multiplierOf);
    const e = exec('buy', '1', '10', { fee: '1.5' as Decimal });
    expect(p.apply(e)).toBe(true);
    expect(p.apply(e)).toBe(false);
    expect(p.position('A', 'ES', undefined, noMarks)).toMatchObject({ quantity: '1', fees: '1.5' });
  });

  it('keeps positions per strategy tag and merges them per instrument for risk', () => {
    const p = new Portfolio(multiplierOf);
    p.apply(exec('buy', '3', '10'), 'alpha');
    p.apply(exec('sell', '1', '12'), 'beta');
    expect(p.positions(noMarks).map((x) => [x.strategy, x.quantity])).toEqual([
      ['alpha', '3'],
      ['beta', '-1'],
    ]);
    const merged = p.instrumentPositions('A', noMarks);
    expect(merged).toEqual([expect.objectContaining({ instrument: 'ES', quantity: '2', realizedPnl: '0' })]);
    expect(merged[0]).not.toHaveProperty('strategy');
  });

  it('reports P&L per account, desk and strategy, with equity = starting + realised + unrealised − fees', () => {
    const p = new Portfolio(multiplierOf);
    const accounts: Account[] = [
      {
        id: 'A',
        name: 'A',
        desk: 'd1',
        currency: 'USD',
        startingEquity: '1000' as Decimal,
        tradingState: 'ACTIVE',
      },
      {
        id: 'B',
        name: 'B',
        desk: 'd1',
        currency: 'USD',
        startingEquity: '500' as Decimal,
        tradingState: 'ACTIVE',
      },
      {
        id: 'C',
        name: 'C',
        desk: 'd2',
        currency: 'USD',
        startingEquity: '0' as Decimal,
        tradingState: 'ACTIVE',
      },
    ];
    p.apply(exec('buy', '1', '100', { fee: '2' as Decimal }), 'alpha');
    p.apply(exec('sell', '1', '101', { fee: '2' as Decimal }), 'alpha');
    p.apply(exec('buy', '2', '100', { account: 'B', fee: '1' as Decimal }));
    const report = p.report(accounts, () => '100.5' as Price);
    expect(report.accounts).toEqual([
      expect.objectContaining({
        account: 'A',
        desk: 'd1',
        realizedPnl: '50',
        unrealizedPnl: '0',
        fees: '4',
        netPnl: '46',
        equity: '1046',
      }),
      expect.objectContaining({
        account: 'B',
        realizedPnl: '0',
        unrealizedPnl: '50',
        fees: '1',
        netPnl: '49',
        equity: '549',
      }),
      expect.objectContaining({ account: 'C', netPnl: '0', equity: '0' }),
    ]);
    expect(report.desks).toEqual([
      { desk: 'd1', realizedPnl: '50', unrealizedPnl: '50', fees: '5', netPnl: '95', equity: '1595' },
      { desk: 'd2', realizedPnl: '0', unrealizedPnl: '0', fees: '0', netPnl: '0', equity: '0' },
    ]);
    expect(report.strategies).toEqual([
      { realizedPnl: '0', unrealizedPnl: '50', fees: '1', netPnl: '49' },
      { strategy: 'alpha', realizedPnl: '50', unrealizedPnl: '0', fees: '4', netPnl: '46' },
    ]);
    expect(p.report([accounts[2]!], noMarks).strategies).toEqual([]);
  });
});

// ─── Property: against an independent average-cost model on exact fractions ──

interface Q {
  n: bigint;
  d: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const q = (n: bigint, d = 1n): Q => {
  const g = gcd(n, d) || 1n;
  return d < 0n ? { n: -n / g, d: -d / g } : { n: n / g, d: d / g };
};
const parse = (s: string): Q => {
  const [i, f = ''] = s.split('.');
  return q(BigInt(i + f), 10n ** BigInt(f.length));
};
const add = (a: Q, b: Q) => q(a.n * b.d + b.n * a.d, a.d * b.d);
const sub = (a: Q, b: Q) => q(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Q, b: Q) => q(a.n * b.n, a.d * b.d);
const div = (a: Q, b: Q) => q(a.n * b.d, a.d * b.n);
const abs = (a: Q) => (a.n < 0n ? q(-a.n, a.d) : a);
const sign = (a: Q) => (a.n === 0n ? 0 : a.n < 0n ? -1 : 1);
const lt = (a: Q, b: Q) => a.n * b.d < b.n * a.d;
const text = (a: Q) => (a.d === 1n ? a.n.toString() : dec(big(a.n.toString()).div(a.d.toString())));

/** Average cost, as the textbook states it: avg moves on increases, P&L on reductions, reset through zero. */
function model(fills: { side: 'buy' | 'sell'; quantity: string; price: string }[], multiplier: string) {
  let position = q(0n);
  let avg = q(0n);
  let realized = q(0n);
  for (const f of fills) {
    const size = parse(f.quantity);
    const price = parse(f.price);
    const signed = f.side === 'buy' ? size : q(-size.n, size.d);
    if (sign(position) === 0 || sign(position) === sign(signed)) {
      avg = div(add(mul(abs(position), avg), mul(size, price)), add(abs(position), size));
      position = add(position, signed);
      continue;
    }
    const closed = lt(size, abs(position)) ? size : abs(position);
    realized = add(realized, mul(mul(sub(price, avg), closed), q(BigInt(sign(position)))));
    const crossed = lt(abs(position), size);
    position = add(position, signed);
    if (crossed) avg = price;
  }
  return { position, avg: sign(position) === 0 ? null : avg, realized: mul(realized, parse(multiplier)) };
}

const fillArb = fc.record({
  side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
  // Lots of 0.001, ticks of 0.25 (prices may go negative, as spreads do).
  quantity: fc.integer({ min: 1, max: 5_000 }).map((l) => dec(big(String(l)).times('0.001'))),
  price: fc.integer({ min: -400, max: 400_000 }).map((t) => dec(big(String(t)).times('0.25'))),
});

describe('Portfolio: properties', () => {
  it('quantity, average, realised P&L and fees equal an independent computation over the fills, exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fillArb, { minLength: 1, maxLength: 30 }),
        fc.constantFrom('1', '50', '0.1'),
        (fills, multiplier) => {
          const p = new Portfolio(() => multiplier as Decimal);
          let fees = big('0');
          for (const [i, f] of fills.entries()) {
            const fee = dec(big(String(i)).times('0.01'));
            fees = fees.plus(fee);
            p.apply(exec(f.side, f.quantity, f.price, { fee }));
          }
          const m = model(fills, multiplier);
          const position = p.position('A', 'ES', undefined, noMarks)!;
          const sum = fills.reduce(
            (s, f) => (f.side === 'buy' ? s.plus(f.quantity) : s.minus(f.quantity)),
            big('0'),
          );
          expect(position.quantity).toBe(dec(sum));
          expect(position.quantity).toBe(text(m.position));
          expect(position.avgPrice).toBe(m.avg === null ? null : text(m.avg));
          expect(position.realizedPnl).toBe(text(m.realized));
          expect(position.fees).toBe(dec(fees));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('once flat, realised P&L is the cash flow of the fills × multiplier, exactly', () => {
    fc.assert(
      fc.property(fc.array(fillArb, { minLength: 1, maxLength: 30 }), fillArb, (fills, closing) => {
        const p = new Portfolio(() => '50' as Decimal);
        for (const f of fills) p.apply(exec(f.side, f.quantity, f.price));
        const open = fills.reduce(
          (s, f) => (f.side === 'buy' ? s.plus(f.quantity) : s.minus(f.quantity)),
          big('0'),
        );
        const all = [...fills];
        if (!open.eq(0)) {
          const flat = {
            side: open.gt(0) ? ('sell' as const) : ('buy' as const),
            quantity: dec(open.abs()),
            price: closing.price,
          };
          p.apply(exec(flat.side, flat.quantity, flat.price));
          all.push(flat);
        }
        const cash = all.reduce(
          (s, f) =>
            s.plus(
              big(f.price)
                .times(f.quantity)
                .times(f.side === 'buy' ? -1 : 1),
            ),
          big('0'),
        );
        expect(p.position('A', 'ES', undefined, noMarks)).toMatchObject({
          quantity: '0',
          avgPrice: null,
          realizedPnl: dec(cash.times(50)),
        });
      }),
      { numRuns: 300 },
    );
  });

  it('realised + unrealised = cash flow + position × mark (× multiplier) when the figures terminate', () => {
    fc.assert(
      fc.property(fc.array(fillArb, { minLength: 1, maxLength: 20 }), fillArb, (fills, mark) => {
        const p = new Portfolio(() => '1' as Decimal);
        for (const f of fills) p.apply(exec(f.side, f.quantity, f.price));
        const position = p.position('A', 'ES', undefined, () => mark.price as Price)!;
        const cash = fills.reduce(
          (s, f) =>
            s.plus(
              big(f.price)
                .times(f.quantity)
                .times(f.side === 'buy' ? -1 : 1),
            ),
          big('0'),
        );
        const total = cash.plus(big(position.quantity).times(mark.price));
        const sum = big(position.realizedPnl).plus(position.unrealizedPnl);
        // Exact unless the average does not terminate (then each figure is rounded at 20 places).
        expect(sum.minus(total).abs().lte('1e-19')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
