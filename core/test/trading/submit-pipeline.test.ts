import type { RiskRule } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ACCOUNT,
  addPlugin,
  FakeVenue,
  HeldTradingStore,
  request,
  rig,
  rulePlugin,
  until,
  venuePlugin,
} from './helpers.js';

type Limits = Record<string, unknown>;

/** At most one working order in the account (counts the orders risk is shown). */
const oneWorking: RiskRule<Limits> = {
  id: 'one-working',
  description: 'at most one working order',
  limits: z.object({}) as z.ZodType<Limits>,
  check: ({ workingOrders }) =>
    workingOrders.length === 0
      ? { pass: true }
      : {
          pass: false,
          code: 'MAX_WORKING',
          reason: `${workingOrders.length} working`,
          compared: { working: workingOrders.length },
        },
};

/** At most one order in the throttle window (the clock does not move in these tests). */
const onePerWindow: RiskRule<Limits> = {
  id: 'one-per-window',
  description: 'at most one order in the window',
  limits: z.object({}) as z.ZodType<Limits>,
  check: ({ recentOrderTimes }) =>
    recentOrderTimes.length === 0
      ? { pass: true }
      : {
          pass: false,
          code: 'ORDER_RATE',
          reason: `${recentOrderTimes.length} recent`,
          compared: { recent: recentOrderTimes.length },
        },
};

/** Records what each check saw. */
function seeing(seen: { working: number; recent: number }[]): RiskRule<Limits> {
  return {
    id: 'seeing',
    description: 'records what it is shown',
    limits: z.object({}) as z.ZodType<Limits>,
    check: ({ workingOrders, recentOrderTimes }) => {
      seen.push({ working: workingOrders.length, recent: recentOrderTimes.length });
      return { pass: true };
    },
  };
}

async function held(options: { rules?: RiskRule<Limits>[]; store?: HeldTradingStore } = {}) {
  const store = options.store ?? new HeldTradingStore();
  let n = 0;
  const r = await rig({
    store,
    accounts: [ACCOUNT],
    newId: () => `O-${++n}`,
    config: { riskRuleOrder: ['one-working', 'one-per-window'] },
  });
  const venue = new FakeVenue();
  await addPlugin(r.kernel, 'venue-sim', 'venue', venuePlugin(venue));
  if (options.rules) await addPlugin(r.kernel, 'risk-test', 'risk', rulePlugin(...options.rules));
  await r.engine.idle();
  return { ...r, store, venue };
}

/** A few event-loop turns: whatever can run without the held commits has run. */
async function turns(count = 5): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('TradingEngine: submissions of one account are pipelined', () => {
  it('several are written at once; the store gets them, and audits them, in the order submitted', async () => {
    const { engine, store, venue } = await held();
    store.holding = true;
    const requests = [request(), request({ side: 'sell' }), request()];
    const submits = requests.map((q) => engine.submit(q, 'u'));
    // Each is past its account's turn while the earlier ones still wait for their commit.
    await until(() => store.held === 3);
    expect(store.state.orders.size).toBe(0);
    store.holding = false;
    store.release();
    const results = await Promise.all(submits);
    expect(results.map((r) => [r.order.clientOrderId, r.order.state, r.duplicate])).toEqual(
      requests.map((q) => [q.clientOrderId, 'PendingNew', false]),
    );
    expect(store.audits('order.new').map((a) => a.subject)).toEqual(results.map((r) => r.order.orderId));
    await engine.idle();
    expect(venue.submitted.map((o) => o.orderId)).toEqual(results.map((r) => r.order.orderId));
  });

  it("the next order's risk check sees an order still being written; a failed write takes back its reservation", async () => {
    const { engine, store, venue, events } = await held({ rules: [oneWorking, onePerWindow] });
    store.holding = true;
    const first = engine.submit(request(), 'u');
    await until(() => store.held === 1);
    const second = engine.submit(request(), 'u');
    await until(() => store.held === 2);
    store.fail(new Error('disk full'));
    await expect(first).rejects.toThrow('disk full');
    store.holding = false;
    store.release();
    // Refused while the first was reserved: counted as working (fail-safe), though it was never stored.
    expect((await second).order).toMatchObject({
      state: 'Rejected',
      rejectReason: { code: 'MAX_WORKING', rule: 'risk-test/one-working@1.0.0' },
    });
    // Neither the working set nor the order times keep the order that was not stored.
    const third = await engine.submit(request(), 'u');
    expect(third.order.state).toBe('PendingNew');
    await engine.idle();
    expect(venue.submitted.map((o) => o.orderId)).toEqual([third.order.orderId]);
    expect([...store.state.orders.values()].map((o) => o.state)).toEqual(['Rejected', 'New']);
    expect(events['order.updated']?.some((o) => o.orderId === 'O-1')).toBe(false);
  });

  it('a repeated clientOrderId while the first is being written waits for it and answers duplicate', async () => {
    const { engine, store, venue } = await held();
    store.holding = true;
    const q = request();
    const first = engine.submit(q, 'u');
    await until(() => store.held === 1);
    const again = engine.submit({ ...q }, 'u');
    await turns();
    expect(store.held).toBe(1); // nothing more to write
    store.holding = false;
    store.release();
    const [a, b] = await Promise.all([first, again]);
    expect(a.duplicate).toBe(false);
    expect(b).toEqual({ order: a.order, duplicate: true });
    await engine.idle();
    expect(venue.submitted).toHaveLength(1);
    expect(store.state.orders.size).toBe(1);
  });

  it('a repeat of a submission whose write failed is submitted again', async () => {
    const { engine, store } = await held();
    store.holding = true;
    const q = request();
    const first = engine.submit(q, 'u');
    await until(() => store.held === 1);
    const again = engine.submit({ ...q }, 'u');
    await turns();
    store.fail(new Error('disk full'));
    await expect(first).rejects.toThrow('disk full');
    await until(() => store.held === 1);
    store.holding = false;
    store.release();
    const retried = await again;
    expect(retried.duplicate).toBe(false);
    expect(store.state.orders.get(retried.order.orderId)?.clientOrderId).toBe(q.clientOrderId);
  });

  it('a clientOrderId stored before a restart answers duplicate; the reservation is taken back', async () => {
    const store = new HeldTradingStore();
    const first = await held({ store });
    const q = request();
    const stored = (await first.engine.submit(q, 'u')).order;
    await first.engine.idle();
    // A new engine on the same store: the order is known only to the store's duplicate check.
    const seen: { working: number; recent: number }[] = [];
    const second = await rig({ store });
    await addPlugin(second.kernel, 'venue-sim', 'venue', venuePlugin(new FakeVenue()));
    await addPlugin(second.kernel, 'risk-test', 'risk', rulePlugin(seeing(seen)));
    await second.engine.idle();
    expect(await second.engine.submit({ ...q }, 'u')).toEqual({
      order: expect.objectContaining({ orderId: stored.orderId }),
      duplicate: true,
    });
    await second.engine.submit(request(), 'u');
    // The repeat was checked as a new order (1 working: the restored one), then taken back.
    expect(seen).toEqual([
      { working: 1, recent: 0 },
      { working: 1, recent: 0 },
    ]);
  });

  it('a cancel of an order still being written runs after its insert (and after its send)', async () => {
    const { engine, store, venue } = await held();
    store.holding = true;
    const submitted = engine.submit(request(), 'u');
    await until(() => store.held === 1);
    const canceled = engine.cancel('O-1', 'u');
    await turns();
    expect(store.held).toBe(1); // the cancel waits on the order's queue
    store.holding = false;
    store.release();
    const { order } = await submitted;
    expect(await canceled).toMatchObject({ orderId: order.orderId, state: 'PendingCancel' });
    await engine.idle();
    const actions = store
      .audits()
      .filter((a) => a.subject === order.orderId)
      .map((a) => a.action);
    expect(actions.indexOf('order.new')).toBe(0);
    expect(actions).toContain('order.cancel.requested');
    expect(venue.submitted.map((o) => o.orderId)).toEqual([order.orderId]);
    expect(venue.canceled.map((o) => o.orderId)).toEqual([order.orderId]);
  });

  it('a cancel of an order whose write fails finds no order', async () => {
    const { engine, store, venue } = await held();
    store.holding = true;
    const submitted = engine.submit(request(), 'u');
    await until(() => store.held === 1);
    const canceled = engine.cancel('O-1', 'u');
    store.fail(new Error('disk full'));
    await expect(submitted).rejects.toThrow('disk full');
    await expect(canceled).rejects.toMatchObject({ code: 'QMO_NOT_FOUND' });
    store.holding = false;
    await engine.idle();
    expect(venue.submitted).toHaveLength(0);
  });

  it('the kill switch waits for the writes of submissions already past risk, then cancels what was stored', async () => {
    const { engine, store, venue } = await held();
    store.holding = true;
    const failing = engine.submit(request(), 'u');
    const stored = engine.submit(request(), 'u');
    await until(() => store.held === 2);
    store.holding = false; // the kill switch's own writes go through
    let done = false;
    const killed = engine.killSwitch({ account: ACCOUNT.id }, 'risk', 'stop').then((result) => {
      done = true;
      return result;
    });
    await until(() => engine.account(ACCOUNT.id)?.tradingState === 'HALTED');
    await turns();
    expect(done).toBe(false);
    store.fail(new Error('disk full'));
    await expect(failing).rejects.toThrow('disk full');
    await turns();
    expect(done).toBe(false);
    store.release();
    const { order } = await stored;
    expect(await killed).toEqual({ canceled: 1, halted: [ACCOUNT.id] });
    await engine.idle();
    expect(venue.canceled.map((o) => o.orderId)).toEqual([order.orderId]);
    expect(store.audits('risk.kill-switch')[0]?.payload).toMatchObject({ canceled: [order.orderId] });
  });
});
