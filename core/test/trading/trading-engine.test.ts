import { ERROR_CODES, type Order, QmoError, silentLogger } from '@qmo/sdk';
import { FakeClock } from '@qmo/sdk/testing';
import { describe, expect, it } from 'vitest';
import { TradingEngine } from '../../src/index.js';
import {
  ACCOUNT,
  addPlugin,
  ES,
  FakeVenue,
  instrumentRegistry,
  MemoryTradingStore,
  newKernel,
  request,
  rig,
  T0,
  venuePlugin,
} from './helpers.js';

async function withVenue(venue = new FakeVenue(), config = {}) {
  const r = await rig({ accounts: [ACCOUNT], config });
  await addPlugin(r.kernel, 'venue-sim', 'venue', venuePlugin(venue));
  await r.engine.idle();
  return { ...r, venue };
}

const states = (orders: Order[] | undefined, id: string) =>
  (orders ?? []).filter((o) => o.orderId === id).map((o) => o.state);

describe('TradingEngine: order flow', () => {
  it('submit → PendingNew (durable, audited) → New → PartiallyFilled → Filled, with fills, positions and events', async () => {
    const { engine, store, venue, events, kernel } = await withVenue();
    const { order, duplicate } = await engine.submit(
      request({ quantity: '5' as never, strategy: 'alpha' }),
      'user-1',
    );
    expect(duplicate).toBe(false);
    expect(order).toMatchObject({
      state: 'PendingNew',
      venue: 'sim',
      submittedBy: 'user-1',
      leavesQuantity: '5',
    });
    // Acknowledged = durable: the order and its audit record are in the store when submit resolves.
    expect(store.state.orders.get(order.orderId)?.state).toBe('PendingNew');
    expect(store.audits('order.new')).toEqual([
      expect.objectContaining({ actor: 'user-1', subject: order.orderId }),
    ]);

    await engine.idle();
    expect(venue.submitted.map((o) => o.orderId)).toEqual([order.orderId]);
    expect((await engine.order(order.orderId))?.state).toBe('New');

    venue.fill(order, '2', '5000.25', '1.25');
    await engine.idle();
    expect(await engine.order(order.orderId)).toMatchObject({
      state: 'PartiallyFilled',
      cumQuantity: '2',
      leavesQuantity: '3',
    });
    venue.fill(order, '3', '5000.5', '1.75');
    await engine.idle();
    const filled = await engine.order(order.orderId);
    expect(filled).toMatchObject({
      state: 'Filled',
      cumQuantity: '5',
      leavesQuantity: '0',
      avgPrice: '5000.4',
    });

    expect(states(events['order.updated'], order.orderId)).toEqual([
      'PendingNew',
      'New',
      'PartiallyFilled',
      'Filled',
    ]);
    expect(
      events['execution.created']?.map((e) => [e.orderId, e.quantity, e.account, e.instrument, e.side]),
    ).toEqual([
      [order.orderId, '2', ACCOUNT.id, ES.id, 'buy'],
      [order.orderId, '3', ACCOUNT.id, ES.id, 'buy'],
    ]);
    expect(events['position.updated']?.map((p) => p.quantity)).toEqual(['2', '5']);
    expect(await engine.executions({ orderId: order.orderId })).toHaveLength(2);
    expect(store.audits().map((a) => a.action)).toEqual(
      expect.arrayContaining(['order.new', 'order.accepted', 'order.fill', 'order.fill']),
    );
    expect(store.audits('order.fill')[1]?.payload).toMatchObject({
      order: { state: 'Filled' },
      execution: { quantity: '3' },
    });

    // Marked to market by the last trade: (5001 − 5000.4) × 5 × 50 = 150
    kernel.bus.emit('marketdata.trade', {
      type: 'trade',
      instrument: ES.id,
      source: 'x',
      ts: T0,
      price: '5001' as never,
      size: '1' as never,
      aggressor: 'buy',
    });
    expect(engine.positions()).toEqual([
      expect.objectContaining({
        account: ACCOUNT.id,
        strategy: 'alpha',
        quantity: '5',
        avgPrice: '5000.4',
        unrealizedPnl: '150',
        fees: '3',
      }),
    ]);
    const pnl = engine.pnl();
    expect(pnl.accounts[0]).toMatchObject({
      account: ACCOUNT.id,
      unrealizedPnl: '150',
      fees: '3',
      netPnl: '147',
      equity: '1000147',
    });
    expect(pnl.strategies).toEqual([expect.objectContaining({ strategy: 'alpha', netPnl: '147' })]);
    expect(pnl.desks).toEqual([expect.objectContaining({ desk: 'desk-a', netPnl: '147' })]);
  });

  it('answers a repeated clientOrderId with the same order: the venue sees it once', async () => {
    const { engine, venue, store } = await withVenue();
    const r = request();
    const first = await engine.submit(r, 'u');
    const again = await engine.submit({ ...r }, 'u');
    const [a, b] = await Promise.all([engine.submit({ ...r }, 'u'), engine.submit({ ...r }, 'u')]);
    await engine.idle();
    expect(first.duplicate).toBe(false);
    for (const d of [again, a, b]) {
      expect(d.duplicate).toBe(true);
      expect(d.order.orderId).toBe(first.order.orderId);
    }
    expect(venue.submitted).toHaveLength(1);
    expect(store.state.orders.size).toBe(1);
    expect(store.audits('order.new')).toHaveLength(1);
  });

  it('throws InvalidArgumentError naming the field for a malformed order, and stores nothing', async () => {
    const { engine, store } = await withVenue();
    await expect(engine.submit(request({ limitPrice: '5000.1' as never }), 'u')).rejects.toMatchObject({
      code: ERROR_CODES.INVALID_ARGUMENT,
      details: { field: 'limitPrice' },
    });
    await expect(engine.submit(request({ instrument: 'NOPE' }), 'u')).rejects.toMatchObject({
      details: { field: 'instrument' },
    });
    expect(store.state.orders.size).toBe(0);
  });

  it('rejects (stored and audited) an order for an unknown account, or with no venue', async () => {
    const noVenue = await rig({ accounts: [ACCOUNT] });
    const { order } = await noVenue.engine.submit(request(), 'u');
    expect(order).toMatchObject({ state: 'Rejected', rejectReason: { source: 'oms', code: 'NO_VENUE' } });
    expect(await noVenue.engine.verdicts(order.orderId)).toEqual([
      expect.objectContaining({ rule: 'engine/venue', pass: false, code: 'NO_VENUE' }),
    ]);
    expect(noVenue.store.audits('order.rejected')).toHaveLength(1);

    const { engine } = await withVenue();
    const unknown = await engine.submit(request({ account: 'ghost' }), 'u');
    expect(unknown.order).toMatchObject({
      state: 'Rejected',
      rejectReason: { source: 'oms', code: 'ACCOUNT_UNKNOWN' },
    });
  });

  it('routes by instrument to the configured venue', async () => {
    const other = new FakeVenue('other');
    const { engine, kernel, venue } = await withVenue(new FakeVenue(), { venues: { [ES.id]: 'other' } });
    await addPlugin(kernel, 'venue-other', 'venue', venuePlugin(other));
    const { order } = await engine.submit(request(), 'u');
    await engine.idle();
    expect(order.venue).toBe('other');
    expect(other.submitted).toHaveLength(1);
    expect(venue.submitted).toHaveLength(0);
  });

  it('a venue whose submit throws: the order is Rejected with source "venue" and the plugin is charged a fault', async () => {
    const venue = new FakeVenue();
    venue.submitError = new Error('socket closed');
    const { engine, kernel, store } = await withVenue(venue);
    const { order } = await engine.submit(request(), 'u');
    expect(order.state).toBe('PendingNew');
    await engine.idle();
    expect(await engine.order(order.orderId)).toMatchObject({
      state: 'Rejected',
      leavesQuantity: '0',
      rejectReason: { source: 'venue', code: 'VENUE_ERROR', text: expect.stringContaining('socket closed') },
    });
    expect(store.audits('order.rejected')).toEqual([
      expect.objectContaining({ actor: 'plugin:venue-sim@1.0.0' }),
    ]);
    expect(kernel.plugin('venue-sim')?.faults).toBe(1);
  });

  it('a venue reject and an execution reported twice', async () => {
    const venue = new FakeVenue();
    venue.autoAccept = false;
    const { engine, store } = await withVenue(venue);
    const a = (await engine.submit(request(), 'u')).order;
    const b = (await engine.submit(request(), 'u')).order;
    await engine.idle();
    venue.events!.rejected(a.orderId, { code: 'PRICE_BAND', text: 'outside the band' });
    venue.events!.accepted(b.orderId, 'VB');
    const fill = venue.execution(b.orderId, 'X1', '1', '5000');
    venue.events!.executed(fill);
    venue.events!.executed(fill);
    await engine.idle();
    expect(await engine.order(a.orderId)).toMatchObject({
      state: 'Rejected',
      rejectReason: { source: 'venue', code: 'PRICE_BAND' },
    });
    expect(await engine.order(b.orderId)).toMatchObject({ state: 'PartiallyFilled', cumQuantity: '1' });
    expect(store.state.executions.size).toBe(1);
    expect(engine.positions()[0]?.quantity).toBe('1');
  });

  it('charges the venue a fault for an unknown order or a fill above the order quantity, and applies neither', async () => {
    const { engine, venue, kernel, store } = await withVenue();
    const { order } = await engine.submit(request({ quantity: '2' as never }), 'u');
    await engine.idle();
    venue.events!.accepted('no-such-order', 'V');
    venue.fill(order, '3', '5000');
    await engine.idle();
    expect(kernel.plugin('venue-sim')?.faults).toBe(2);
    expect(await engine.order(order.orderId)).toMatchObject({ state: 'New', cumQuantity: '0' });
    expect(store.state.executions.size).toBe(0);
  });

  it('creates and updates accounts (validated, audited, account.state on the bus)', async () => {
    const { engine, store, events } = await withVenue();
    await expect(
      engine.upsertAccount({ ...ACCOUNT, id: 'x', startingEquity: 'lots' as never }, 'admin'),
    ).rejects.toMatchObject({
      details: { field: 'startingEquity' },
    });
    const halted = await engine.upsertAccount({ ...ACCOUNT, id: 'acc-9', tradingState: 'HALTED' }, 'admin');
    expect(halted).toMatchObject({ tradingState: 'HALTED', stateReason: { code: 'SET_BY_ADMIN' } });
    const renamed = await engine.upsertAccount({ ...ACCOUNT, id: 'acc-9', name: 'Nine' }, 'admin');
    expect(renamed).toMatchObject({ name: 'Nine', tradingState: 'HALTED' });
    expect(store.state.accounts.get('acc-9')).toMatchObject({ name: 'Nine', tradingState: 'HALTED' });
    expect(
      store
        .audits()
        .filter((a) => a.subject === 'acc-9')
        .map((a) => a.action),
    ).toEqual(['account.created', 'account.state', 'account.updated']);
    expect(events['account.state']?.filter((a) => a.id === 'acc-9').map((a) => a.tradingState)).toEqual([
      'HALTED',
    ]);
  });

  it('a failed transaction acknowledges nothing', async () => {
    const { engine, store, venue, events } = await withVenue();
    store.failNextTransaction = new Error('disk full');
    await expect(engine.submit(request(), 'u')).rejects.toThrow('disk full');
    await engine.idle();
    expect(store.state.orders.size).toBe(0);
    expect(venue.submitted).toHaveLength(0);
    expect(events['order.updated']).toBeUndefined();
  });
});

describe('TradingEngine: cancel and replace', () => {
  it('cancel: PendingCancel now, Canceled when the venue confirms; then ORDER_NOT_CANCELABLE; NOT_FOUND for none', async () => {
    const { engine, venue, store } = await withVenue();
    const { order } = await engine.submit(request(), 'u');
    await engine.idle();
    const pending = await engine.cancel(order.orderId, 'u2');
    expect(pending.state).toBe('PendingCancel');
    await engine.idle();
    expect(venue.canceled.map((o) => o.orderId)).toEqual([order.orderId]);
    venue.events!.canceled(order.orderId);
    await engine.idle();
    expect(await engine.order(order.orderId)).toMatchObject({ state: 'Canceled', leavesQuantity: '0' });
    expect(store.audits().map((a) => a.action)).toEqual(
      expect.arrayContaining(['order.cancel.requested', 'order.canceled']),
    );
    await expect(engine.cancel(order.orderId, 'u')).rejects.toMatchObject({
      code: ERROR_CODES.ORDER_NOT_CANCELABLE,
    });
    await expect(engine.cancel('nope', 'u')).rejects.toMatchObject({ code: ERROR_CODES.NOT_FOUND });
  });

  it('a cancel the venue refuses puts the order back to working', async () => {
    const { engine, venue } = await withVenue();
    const { order } = await engine.submit(request(), 'u');
    await engine.idle();
    await engine.cancel(order.orderId, 'u');
    await engine.idle();
    venue.events!.cancelRejected(order.orderId, { code: 'TOO_LATE', text: 'in flight' });
    await engine.idle();
    expect((await engine.order(order.orderId))?.state).toBe('New');
  });

  it('replace: the replacement takes over the fills and the venue id; later venue events follow it', async () => {
    const { engine, venue, store } = await withVenue();
    const { order } = await engine.submit(request({ quantity: '5' as never }), 'u');
    await engine.idle();
    venue.fill(order, '2', '5000');
    await engine.idle();
    const replacement = await engine.replace(
      order.orderId,
      { quantity: '8' as never, limitPrice: '5001' as never },
      'u',
    );
    expect(replacement).toMatchObject({
      state: 'PendingNew',
      replaces: order.orderId,
      quantity: '8',
      limitPrice: '5001',
    });
    expect(replacement.clientOrderId).not.toBe(order.clientOrderId);
    expect((await engine.order(order.orderId))?.state).toBe('PendingReplace');
    await engine.idle();
    expect(venue.replaced).toEqual([
      {
        order: expect.objectContaining({ orderId: order.orderId }),
        changes: { quantity: '8', limitPrice: '5001' },
      },
    ]);
    expect(await engine.verdicts(replacement.orderId)).toEqual([]);

    venue.events!.replaced(order.orderId, { quantity: '8' as never, limitPrice: '5001' as never });
    await engine.idle();
    expect(await engine.order(order.orderId)).toMatchObject({
      state: 'Replaced',
      replacedBy: replacement.orderId,
      leavesQuantity: '0',
    });
    expect(await engine.order(replacement.orderId)).toMatchObject({
      state: 'PartiallyFilled',
      cumQuantity: '2',
      leavesQuantity: '6',
      avgPrice: '5000',
      venueOrderId: `V-${order.orderId}`,
    });
    expect(store.audits('order.replaced')).toHaveLength(1);

    // The venue keeps naming the order it knows; the fill lands on the replacement.
    venue.fill(order.orderId, '6', '5001');
    await engine.idle();
    expect(await engine.order(replacement.orderId)).toMatchObject({ state: 'Filled', cumQuantity: '8' });
    expect(engine.positions()[0]?.quantity).toBe('8');
    await expect(engine.replace(order.orderId, { quantity: '9' as never }, 'u')).rejects.toMatchObject({
      code: ERROR_CODES.ORDER_NOT_CANCELABLE,
    });
  });

  it('a replace is validated (quantity above what is filled) and one the venue refuses rejects the replacement', async () => {
    const { engine, venue } = await withVenue();
    const { order } = await engine.submit(request({ quantity: '5' as never }), 'u');
    await engine.idle();
    venue.fill(order, '3', '5000');
    await engine.idle();
    await expect(engine.replace(order.orderId, { quantity: '3' as never }, 'u')).rejects.toMatchObject({
      details: { field: 'quantity' },
    });
    await expect(engine.replace(order.orderId, { limitPrice: '1.1' as never }, 'u')).rejects.toMatchObject({
      details: { field: 'limitPrice' },
    });
    await expect(engine.replace(order.orderId, {}, 'u')).rejects.toMatchObject({
      details: { field: 'changes' },
    });
    const replacement = await engine.replace(order.orderId, { limitPrice: '4999' as never }, 'u');
    await engine.idle();
    venue.events!.cancelRejected(order.orderId, { code: 'NO_AMEND', text: 'amend not allowed' });
    await engine.idle();
    expect((await engine.order(order.orderId))?.state).toBe('PartiallyFilled');
    expect(await engine.order(replacement.orderId)).toMatchObject({
      state: 'Rejected',
      rejectReason: { code: 'NO_AMEND', source: 'venue' },
    });
    // A new replace may follow.
    const next = await engine.replace(order.orderId, { limitPrice: '4998' as never }, 'u');
    expect(next.state).toBe('PendingNew');
  });

  it("replace with the client's clientOrderId: the replacement carries it; one already used in the account is refused", async () => {
    const { engine, venue, store } = await withVenue();
    const { order } = await engine.submit(request({ clientOrderId: 'c-1' }), 'u');
    const { order: other } = await engine.submit(request({ clientOrderId: 'c-other' }), 'u');
    await engine.idle();
    for (const taken of ['c-1', 'c-other']) {
      await expect(
        engine.replace(order.orderId, { limitPrice: '4999' as never }, 'u', { clientOrderId: taken }),
      ).rejects.toMatchObject({ code: ERROR_CODES.INVALID_ARGUMENT, details: { field: 'clientOrderId' } });
    }
    await expect(
      engine.replace(order.orderId, { limitPrice: '4999' as never }, 'u', { clientOrderId: ' ' }),
    ).rejects.toMatchObject({ details: { field: 'clientOrderId' } });
    expect((await engine.order(order.orderId))?.state).toBe('New');

    const replacement = await engine.replace(order.orderId, { limitPrice: '4999' as never }, 'u', {
      clientOrderId: 'c-2',
    });
    expect(replacement).toMatchObject({ clientOrderId: 'c-2', replaces: order.orderId, state: 'PendingNew' });
    await engine.idle();
    venue.events!.replaced(order.orderId, { limitPrice: '4999' as never });
    await engine.idle();
    expect(await engine.order(replacement.orderId)).toMatchObject({ clientOrderId: 'c-2', state: 'New' });
    expect(store.state.orders.get(replacement.orderId)?.clientOrderId).toBe('c-2');
    // Without one, the default stays "<original>~xxxxxxxx".
    const next = await engine.replace(other.orderId, { limitPrice: '4998' as never }, 'u');
    expect(next.clientOrderId).toMatch(/^c-other~.{8}$/);
  });

  it('a kill switch during a pending replace cancels the order and drops the replacement', async () => {
    const { engine, venue } = await withVenue();
    const { order } = await engine.submit(request(), 'u');
    await engine.idle();
    const replacement = await engine.replace(order.orderId, { limitPrice: '5000' as never }, 'u');
    await engine.idle();
    expect(await engine.killSwitch({ account: ACCOUNT.id }, 'risk', 'stop')).toEqual({
      canceled: 1,
      halted: [ACCOUNT.id],
    });
    await engine.idle();
    expect(venue.canceled.map((o) => o.orderId)).toEqual([order.orderId]);
    venue.events!.canceled(order.orderId);
    await engine.idle();
    expect((await engine.order(order.orderId))?.state).toBe('Canceled');
    expect(await engine.order(replacement.orderId)).toMatchObject({
      state: 'Rejected',
      rejectReason: { code: 'ORDER_ENDED' },
    });
  });

  it('an order filled while its replace is pending: the replacement is rejected', async () => {
    const { engine, venue } = await withVenue();
    const { order } = await engine.submit(request({ quantity: '5' as never }), 'u');
    await engine.idle();
    const replacement = await engine.replace(order.orderId, { quantity: '6' as never }, 'u');
    venue.fill(order, '5', '5000');
    await engine.idle();
    expect((await engine.order(order.orderId))?.state).toBe('Filled');
    expect(await engine.order(replacement.orderId)).toMatchObject({
      state: 'Rejected',
      rejectReason: { code: 'ORDER_FILLED' },
    });
  });
});

describe('TradingEngine: expiry and restart', () => {
  it('expires a GTD order at expireAt (cancel at the venue → Expired) and a DAY order at midnight UTC', async () => {
    const venue = new FakeVenue();
    venue.autoCancel = true;
    const { engine, clock, store } = await withVenue(venue);
    const gtd = (await engine.submit(request({ timeInForce: 'GTD', expireAt: T0 + 5_000 }), 'u')).order;
    const day = (await engine.submit(request({ timeInForce: 'DAY' }), 'u')).order;
    await engine.idle();
    clock.advance(4_000);
    await engine.idle();
    expect((await engine.order(gtd.orderId))?.state).toBe('New');
    clock.advance(2_000);
    await engine.idle();
    expect(await engine.order(gtd.orderId)).toMatchObject({ state: 'Expired', leavesQuantity: '0' });
    expect(store.audits('order.expire.requested')).toEqual([
      expect.objectContaining({ actor: 'system', subject: gtd.orderId }),
    ]);
    expect(store.audits('order.expired')).toHaveLength(1);
    expect((await engine.order(day.orderId))?.state).toBe('New');
    clock.advanceTo(Date.UTC(2026, 0, 6) + 1_000);
    await engine.idle();
    expect((await engine.order(day.orderId))?.state).toBe('Expired');
  });

  it('an acknowledged order survives a crash: a new engine on the same store restores it and re-sends it', async () => {
    const store = new MemoryTradingStore();
    const venue1 = new FakeVenue();
    venue1.autoAccept = false; // the venue got it but the host died before its answer
    const first = await rig({ store, accounts: [ACCOUNT] });
    await addPlugin(first.kernel, 'venue-sim', 'venue', venuePlugin(venue1));
    const { order } = await first.engine.submit(request(), 'u');
    const accepted = (await first.engine.submit(request({ side: 'sell', limitPrice: '5100' as never }), 'u'))
      .order;
    await first.engine.idle();
    venue1.events!.accepted(accepted.orderId, 'VA');
    venue1.fill(accepted.orderId, '1', '5100');
    await first.engine.idle();
    // Crash: nothing is stopped; a new kernel and engine start on the same store.

    const venue2 = new FakeVenue();
    venue2.withRestore = true;
    const second = await rig({ store });
    expect((await second.engine.order(order.orderId))?.state).toBe('PendingNew');
    expect(second.engine.positions()).toEqual([
      expect.objectContaining({ quantity: '-1', avgPrice: '5100' }),
    ]);
    expect(second.engine.accounts().map((a) => a.id)).toEqual([ACCOUNT.id]);
    await addPlugin(second.kernel, 'venue-sim', 'venue', venuePlugin(venue2));
    await second.engine.idle();
    // The venue adopts the order it acknowledged and is sent again the one it never answered.
    expect(venue2.restored).toEqual([
      [expect.objectContaining({ orderId: accepted.orderId, state: 'PartiallyFilled' })],
    ]);
    expect(venue2.submitted.map((o) => o.orderId)).toEqual([order.orderId]);
    expect((await second.engine.order(order.orderId))?.state).toBe('New');
    // The restored order goes on: fills still apply.
    venue2.events!.executed(venue2.execution(accepted.orderId, 'X-after-restart', '4', '5100'));
    await second.engine.idle();
    expect((await second.engine.order(accepted.orderId))?.state).toBe('Filled');
  });

  it('restores a pending replace and its chain after a restart', async () => {
    const store = new MemoryTradingStore();
    const first = await rig({ store, accounts: [ACCOUNT] });
    const venue1 = new FakeVenue();
    await addPlugin(first.kernel, 'venue-sim', 'venue', venuePlugin(venue1));
    const { order } = await first.engine.submit(request(), 'u');
    await first.engine.idle();
    const replacement = await first.engine.replace(order.orderId, { limitPrice: '5000' as never }, 'u');
    await first.engine.idle();

    const second = await rig({ store });
    const venue2 = new FakeVenue();
    venue2.autoReplace = true;
    await addPlugin(second.kernel, 'venue-sim', 'venue', venuePlugin(venue2));
    await second.engine.idle();
    expect(venue2.replaced).toEqual([
      { order: expect.objectContaining({ orderId: order.orderId }), changes: { limitPrice: '5000' } },
    ]);
    expect((await second.engine.order(replacement.orderId))?.state).toBe('New');
    await second.engine.cancel(replacement.orderId, 'u');
    await second.engine.idle();
    // The venue is asked to cancel the order under the id it knows.
    expect(venue2.canceled.map((o) => o.orderId)).toEqual([order.orderId]);
  });

  it('connects venues as they come and disposes them when they go; stop releases everything', async () => {
    const { kernel, clock } = newKernel(new FakeClock(T0));
    const store = new MemoryTradingStore();
    const engine = new TradingEngine({
      kernel,
      store,
      instruments: instrumentRegistry(),
      logger: silentLogger,
      config: { defaultVenue: 'sim' },
    });
    await expect(engine.submit(request(), 'u')).rejects.toBeInstanceOf(QmoError);
    await engine.start();
    const venue = new FakeVenue();
    await addPlugin(kernel, 'venue-sim', 'venue', venuePlugin(venue));
    await engine.idle();
    expect(venue.connects).toBe(1);
    await kernel.disable('venue-sim');
    await engine.idle();
    expect(venue.disposed).toBe(1);
    await kernel.enable('venue-sim');
    await engine.idle();
    expect(venue.connects).toBe(2);
    const timers = clock.pendingTimers;
    await engine.stop();
    expect(venue.disposed).toBe(2);
    expect(clock.pendingTimers).toBe(timers - 2);
  });
});
