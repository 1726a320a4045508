import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyBookChanges } from '../src/l3-replay.js';
import { type EngineOrder, type EngineReplace, OrderBook } from '../src/matching-engine.js';

type Command =
  | { kind: 'submit'; order: Omit<EngineOrder, 'orderId'> }
  | { kind: 'cancel'; pick: number }
  | { kind: 'replace'; pick: number; changes: EngineReplace }
  | { kind: 'market'; price: number }
  | { kind: 'expire'; now: number };

const price = fc.integer({ min: 95, max: 105 });
const submit: fc.Arbitrary<Command> = fc
  .record({
    account: fc.constantFrom('A', 'B', 'C'),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    type: fc.constantFrom(
      'limit' as const,
      'limit' as const,
      'limit' as const,
      'market' as const,
      'stop' as const,
      'stop-limit' as const,
    ),
    quantity: fc.integer({ min: 1, max: 20 }),
    price,
    stopPrice: price,
    timeInForce: fc.constantFrom(
      'GTC' as const,
      'DAY' as const,
      'IOC' as const,
      'FOK' as const,
      'GTD' as const,
    ),
    expireAt: fc.integer({ min: 0, max: 100 }),
    displayQuantity: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
    postOnly: fc.boolean(),
  })
  .map(({ displayQuantity, postOnly, ...o }) => ({
    kind: 'submit' as const,
    order: {
      ...o,
      // A few invalid combinations are kept on purpose: they must be rejected without harm.
      ...(displayQuantity !== undefined && o.type !== 'market' && o.type !== 'stop'
        ? { displayQuantity }
        : {}),
      ...(postOnly && o.timeInForce !== 'IOC' && o.timeInForce !== 'FOK' ? { postOnly } : {}),
    },
  }));
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: submit, weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      pick: fc.nat(),
      changes: fc.record({ quantity: fc.integer({ min: 1, max: 25 }), price }, { requiredKeys: [] }),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('market' as const), price }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant('expire' as const), now: fc.integer({ min: 0, max: 100 }) }),
    weight: 1,
  },
);

describe('matching engine properties', () => {
  it('never crosses, fills both sides equally, never overfills, and its L3 deltas rebuild the book', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 120 }), (commands) => {
        const book = new OrderBook('X');
        let replica = book.l3();
        const ids: string[] = [];
        const quantity = new Map<string, number>();
        const filled = new Map<string, number>();
        let bought = 0;
        let sold = 0;
        let traded = 0;
        let n = 0;
        for (const c of commands) {
          const pick = (k: number) => ids[k % Math.max(1, ids.length)] ?? 'none';
          const result =
            c.kind === 'submit'
              ? (() => {
                  const orderId = `o${++n}`;
                  ids.push(orderId);
                  quantity.set(orderId, c.order.quantity);
                  return book.submit({ ...c.order, orderId });
                })()
              : c.kind === 'cancel'
                ? book.cancel(pick(c.pick))
                : c.kind === 'replace'
                  ? book.replace(pick(c.pick), c.changes)
                  : c.kind === 'market'
                    ? book.marketTrade(c.price)
                    : book.expire(c.now);

          for (const e of result.events) {
            if (e.type === 'replaced') quantity.set(e.orderId, e.quantity);
            if (e.type === 'fill') {
              const cum = (filled.get(e.orderId) ?? 0) + e.quantity;
              filled.set(e.orderId, cum);
              expect(e.cumQuantity).toBe(cum);
              expect(cum).toBeLessThanOrEqual(quantity.get(e.orderId)!);
              expect(e.leavesQuantity).toBe(quantity.get(e.orderId)! - cum);
              if (e.side === 'buy') bought += e.quantity;
              else sold += e.quantity;
            }
            if (e.type === 'trade') traded += e.quantity;
          }
          // Never crossed, and the top is what the book holds.
          const { top } = result;
          if (top.bid !== null && top.ask !== null) expect(top.bid).toBeLessThan(top.ask);
          const l3 = book.l3();
          expect(top.bid).toBe(l3.bids[0]?.price ?? null);
          expect(top.ask).toBe(l3.asks[0]?.price ?? null);
          // The deltas applied to the previous picture give the book as it is now.
          replica = applyBookChanges(replica, result.book);
          expect(replica).toEqual(l3);
          // Each working order: filled ≤ quantity, shown ≤ leaves.
          for (const o of [...l3.bids, ...l3.asks]) {
            const view = book.order(o.orderId)!;
            expect(view.filled).toBeLessThanOrEqual(view.quantity);
            expect(o.size).toBeGreaterThan(0);
            expect(o.size).toBeLessThanOrEqual(view.leaves);
          }
        }
        expect(bought).toBe(sold);
        expect(bought).toBe(traded);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic for any sequence', () => {
    fc.assert(
      fc.property(fc.array(submit, { maxLength: 60 }), (commands) => {
        const run = () => {
          const book = new OrderBook('X');
          return commands.map((c, i) =>
            c.kind === 'submit' ? book.submit({ ...c.order, orderId: `o${i}` }) : null,
          );
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 100 },
    );
  });
});
