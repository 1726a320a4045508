import type { InstrumentRegistry, Kernel } from '@qmo/core';
import { type Bar, dec, silentLogger } from '@qmo/sdk';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReplayError } from '../../src/replay/errors.js';
import { ReplaySession, type ReplaySessionOptions } from '../../src/replay/replay-session.js';
import { bar, barsOf, EURUSD, hostKernelWithVenue, MIN, T0 } from './session.fixture.js';

/**
 * Minute bars from T0: the market starts at 1.0850, dips to 1.0842 (not 1.0840), then to 1.0835,
 * rallies to 1.0880 and 1.0895. The live market is far later, so every bar has closed.
 */
const BARS: Bar[] = [
  bar(0, '1.0850', '1.0856', '1.0848', '1.0852'),
  bar(1, '1.0852', '1.0855', '1.0842', '1.0845'),
  bar(2, '1.0845', '1.0847', '1.0835', '1.0838'),
  bar(3, '1.0838', '1.0880', '1.0837', '1.0870'),
  bar(4, '1.0870', '1.0895', '1.0866', '1.0890'),
];
const LIVE = T0 + 24 * 60 * MIN;

describe('replay paper session', () => {
  let kernel: Kernel;
  let instruments: InstrumentRegistry;
  const open: ReplaySession[] = [];

  beforeAll(async () => {
    ({ kernel, instruments } = await hostKernelWithVenue());
  });

  afterEach(async () => {
    for (const s of open.splice(0)) await s.dispose();
  });

  const session = async (
    overrides: Partial<ReplaySessionOptions> = {},
    venueConfig: Record<string, unknown> = { takerFeeBps: 0, makerFeeBps: 0 },
  ) => {
    const s = await ReplaySession.open({
      id: 'S1',
      userId: 'u1',
      instrument: EURUSD,
      tf: '1m',
      start: T0,
      cash: dec('100000'),
      venue: { entry: kernel.pluginEntry('venue-sim')!, config: venueConfig },
      instruments,
      bars: barsOf(BARS),
      liveNow: () => LIVE,
      logger: silentLogger,
      ...overrides,
    });
    open.push(s);
    return s;
  };
  const inBar = (ts: number, minute: number) => ts >= T0 + minute * MIN && ts < T0 + (minute + 1) * MIN;

  it('starts at the bar opening at or before the start, priced at its close', async () => {
    const s = await session({ start: T0 + 30_000 });
    const state = s.state();
    expect(state.start).toBe(T0);
    expect(state.cursor).toBe(T0);
    expect(state.price).toBe('1.0852');
    expect(inBar(state.now, 0)).toBe(true);
    expect(state.orders).toEqual([]);
    expect(state.position.quantity).toBe('0');
  });

  it('jumps over bars with nothing working to the last one, and then trades from its close', async () => {
    const s = await session();
    const state = await s.advance(T0 + 4 * MIN);
    expect(state.barTime).toBe(T0 + 4 * MIN);
    expect(Number(state.price)).toBe(1.089);
    expect(inBar(state.now, 4)).toBe(true);
    const buy = await s.place({ side: 'buy', type: 'market', quantity: '10000' });
    expect(buy.state).toBe('Filled');
    expect(Number(s.state().executions[0]!.price)).toBe(1.089);
    expect(inBar(s.state().executions[0]!.ts, 4)).toBe(true);
  });

  it('passes bars that cannot reach a working order, and fills in the bar that gaps through it', async () => {
    const gap: Bar[] = [
      bar(0, '1.0850', '1.0856', '1.0848', '1.0852'),
      ...Array.from({ length: 50 }, (_, i) => bar(i + 1, '1.0852', '1.0860', '1.0845', '1.0851')),
      // Opens below the limit and never trades up to it: only the gap from 1.0851 reaches 1.0840.
      bar(51, '1.0830', '1.0835', '1.0825', '1.0832'),
      bar(52, '1.0832', '1.0838', '1.0830', '1.0836'),
    ];
    const s = await session({ bars: barsOf(gap) });
    await s.place({ side: 'buy', type: 'limit', quantity: '10000', limitPrice: '1.0840' });
    let state = await s.advance(T0 + 50 * MIN);
    expect(state.orders[0]!.state).toBe('New');
    expect(Number(state.price)).toBe(1.0851);
    expect(state.barTime).toBe(T0 + 50 * MIN);
    state = await s.advance(T0 + 52 * MIN);
    expect(state.orders[0]!.state).toBe('Filled');
    expect(inBar(state.executions[0]!.ts, 51)).toBe(true);
    expect(Number(state.executions[0]!.price)).toBeLessThanOrEqual(1.084);
    expect(Number(state.price)).toBe(1.0836);
  });

  it('holds at most six working order prices: a stop-limit counts two', async () => {
    const s = await session();
    for (const price of ['1.0800', '1.0801', '1.0802', '1.0803']) {
      await s.place({ side: 'buy', type: 'limit', quantity: '10000', limitPrice: price });
    }
    await expect(
      s.place({
        side: 'buy',
        type: 'stop-limit',
        quantity: '10000',
        stopPrice: '1.0900',
        limitPrice: '1.0905',
      }),
    ).resolves.toMatchObject({ state: 'New' });
    await expect(
      s.place({ side: 'buy', type: 'limit', quantity: '10000', limitPrice: '1.0804' }),
    ).rejects.toMatchObject({ kind: 'too-many-orders', status: 409 });
    // A market order needs no price on the paths.
    await expect(s.place({ side: 'sell', type: 'market', quantity: '10000' })).resolves.toMatchObject({
      state: 'Filled',
    });
  });

  it('refuses to replay more than 100,000 bars in one advance', async () => {
    const many = Array.from({ length: 100_002 }, (_, i) => bar(i, '1.0850', '1.0856', '1.0848', '1.0852'));
    const s = await session({ bars: barsOf(many), liveNow: () => T0 + 200_000 * MIN });
    await expect(s.advance(T0 + 100_001 * MIN)).rejects.toMatchObject({ kind: 'too-far', status: 422 });
    await expect(s.advance(T0 + 100_000 * MIN)).resolves.toMatchObject({ barTime: T0 + 100_000 * MIN });
  });

  it('fills a buy limit below the market only when a revealed low reaches it, at the limit, inside that bar', async () => {
    const s = await session();
    const order = await s.place({ side: 'buy', type: 'limit', quantity: '10000', limitPrice: '1.0840' });
    expect(order.state).toBe('New');

    // Minute 1's low is 1.0842: not reached.
    let state = await s.advance(T0 + MIN);
    expect(state.orders[0]!.state).toBe('New');
    expect(state.executions).toEqual([]);

    // Minute 2's low is 1.0835: filled at the limit, during minute 2.
    state = await s.advance(T0 + 2 * MIN);
    expect(state.orders[0]!.state).toBe('Filled');
    expect(state.executions).toHaveLength(1);
    const fill = state.executions[0]!;
    expect(fill.price).toBe('1.084');
    expect(fill.quantity).toBe('10000');
    expect(inBar(fill.ts, 2)).toBe(true);
    expect(state.position).toMatchObject({ quantity: '10000', avgPrice: '1.084' });
  });

  it('never fills from a bar after the cursor, and reads no bar after it', async () => {
    const bars = barsOf(BARS);
    const s = await session({ bars });
    // Only minute 4 reaches 1.0890.
    await s.place({ side: 'sell', type: 'limit', quantity: '1000', limitPrice: '1.0890' });
    let state = await s.advance(T0 + 3 * MIN);
    expect(state.orders[0]!.state).toBe('New');
    expect(state.price).toBe('1.087');
    // Every read of bar data stopped at the time asked (or is the one-bar check that a later bar exists).
    const reads = bars.reads.filter((r) => r.to !== LIVE);
    expect(reads.every((r) => r.to <= T0 + 3 * MIN + 1)).toBe(true);

    state = await s.advance(T0 + 4 * MIN);
    expect(state.orders[0]!.state).toBe('Filled');
    expect(inBar(state.executions[0]!.ts, 4)).toBe(true);
  });

  it('triggers a buy stop when the path reaches it and fills it at the stop price, inside that bar', async () => {
    const s = await session();
    await s.advance(T0 + 2 * MIN); // at 1.0838
    const stop = await s.place({ side: 'buy', type: 'stop', quantity: '2000', stopPrice: '1.0860' });
    expect(stop.state).toBe('New');
    const state = await s.advance(T0 + 3 * MIN); // 1.0838 → 1.0837 → 1.0880 → 1.0870
    expect(state.orders[0]!.state).toBe('Filled');
    expect(state.executions[0]).toMatchObject({ price: '1.086', quantity: '2000', side: 'buy' });
    expect(inBar(state.executions[0]!.ts, 3)).toBe(true);
  });

  it('fills a sell stop when the price falls through it', async () => {
    const s = await session();
    await s.place({ side: 'sell', type: 'stop', quantity: '1000', stopPrice: '1.0844' });
    let state = await s.advance(T0 + MIN); // low 1.0842
    expect(state.executions[0]).toMatchObject({ price: '1.0844', side: 'sell' });
    expect(inBar(state.executions[0]!.ts, 1)).toBe(true);
    state = s.state();
    expect(state.position.quantity).toBe('-1000');
  });

  it('cancels a working order: it never fills afterwards', async () => {
    const s = await session();
    const order = await s.place({ side: 'buy', type: 'limit', quantity: '1000', limitPrice: '1.0840' });
    const canceled = await s.cancel(order.orderId);
    expect(canceled.state).toBe('Canceled');
    const state = await s.advance(T0 + 4 * MIN);
    expect(state.orders[0]!.state).toBe('Canceled');
    expect(state.executions).toEqual([]);
    await expect(s.cancel(order.orderId)).rejects.toMatchObject({ code: 'QMO_ORDER_NOT_CANCELABLE' });
    await expect(s.cancel('nope')).rejects.toMatchObject({ code: 'QMO_NOT_FOUND' });
  });

  it('fills market orders at the replay price, and keeps P&L and cash exact', async () => {
    const s = await session();
    const buy = await s.place({ side: 'buy', type: 'market', quantity: '30000' });
    expect(buy.state).toBe('Filled');
    expect(buy.avgPrice).toBe('1.0852');

    let state = await s.advance(T0 + 3 * MIN); // close 1.087
    // (1.087 − 1.0852) × 30000 = 54
    expect(state.pnl).toEqual({ realized: '0', unrealized: '54', fees: '0', net: '54' });

    const sell = await s.place({ side: 'sell', type: 'market', quantity: '10000' });
    expect(sell.avgPrice).toBe('1.087');
    state = s.state();
    // Realised on 10000: (1.087 − 1.0852) × 10000 = 18; still open 20000 → 36 unrealised.
    expect(state.pnl).toEqual({ realized: '18', unrealized: '36', fees: '0', net: '54' });
    expect(state.position).toMatchObject({ quantity: '20000', avgPrice: '1.0852' });
    // 100000 − 30000 × 1.0852 + 10000 × 1.087
    expect(state.account).toEqual({ startingCash: '100000', cash: '78314', equity: '100054' });
    expect(state.executions.map((e) => inBar(e.ts, 0) || inBar(e.ts, 3))).toEqual([true, true]);
  });

  it("charges the venue's fees, exactly", async () => {
    const s = await session({}, { takerFeeBps: '1', makerFeeBps: '0' });
    await s.place({ side: 'buy', type: 'market', quantity: '10000' });
    // 10000 × 1.0852 × 1 bp = 1.0852 → 1.09 (cents, half-even)
    expect(s.state().pnl.fees).toBe('1.09');
    expect(s.state().account.cash).toBe('89146.91');
  });

  it("refuses orders off the instrument's grid, naming the field", async () => {
    const s = await session();
    await expect(
      s.place({ side: 'buy', type: 'limit', quantity: '1500', limitPrice: '1.0840' }),
    ).rejects.toMatchObject({ code: 'QMO_INVALID_ARGUMENT', details: { field: 'quantity' } });
    await expect(
      s.place({ side: 'buy', type: 'limit', quantity: '1000', limitPrice: '1.08405' }),
    ).rejects.toMatchObject({ code: 'QMO_INVALID_ARGUMENT', details: { field: 'limitPrice' } });
    await expect(s.place({ side: 'buy', type: 'stop', quantity: '1000' })).rejects.toMatchObject({
      details: { field: 'stopPrice' },
    });
  });

  it('refuses to go back or past the last closed bar', async () => {
    const s = await session();
    await s.advance(T0 + 2 * MIN);
    await expect(s.advance(T0 + MIN)).rejects.toBeInstanceOf(ReplayError);
    await expect(s.advance(T0 + MIN)).rejects.toMatchObject({ kind: 'cursor-behind', status: 409 });
    await expect(s.advance(T0 + 5 * MIN)).rejects.toMatchObject({ kind: 'after-last-bar', status: 422 });
    await expect(s.advance(LIVE)).rejects.toMatchObject({ kind: 'after-last-bar', status: 422 });
    expect(s.state().cursor).toBe(T0 + 2 * MIN);
  });

  it('refuses a start with no closed bar at or before it', async () => {
    await expect(session({ start: T0 - MIN })).rejects.toMatchObject({ kind: 'no-bars' });
  });

  it('runs the venue on replay time and leaves no timer behind when disposed', async () => {
    const s = await session();
    expect(s.pendingTimers).toBeGreaterThan(0);
    await s.place({ side: 'buy', type: 'limit', quantity: '1000', limitPrice: '1.0800' });
    await s.dispose();
    expect(s.pendingTimers).toBe(0);
    await expect(s.advance(T0 + MIN)).rejects.toMatchObject({ code: 'QMO_NOT_FOUND' });
  });
});
