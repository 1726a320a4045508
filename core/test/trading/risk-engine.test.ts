import {
  type AccountStateVerdict,
  type Decimal,
  decimal,
  ERROR_CODES,
  type RiskCheckInput,
  type RiskRule,
  type TradingState,
} from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ACCOUNT,
  addPlugin,
  ES,
  FakeVenue,
  MemoryTradingStore,
  request,
  rig,
  rulePlugin,
  T0,
  venuePlugin,
} from './helpers.js';

type Limits = Record<string, unknown>;

function recording(id: string, calls: string[]): RiskRule<Limits> {
  return {
    id,
    description: `records ${id}`,
    limits: z.object({}) as z.ZodType<Limits>,
    check: () => {
      calls.push(id);
      return { pass: true };
    },
  };
}

const maxQtyLimits = z.object({ maxQty: z.string().regex(/^\d+$/).optional() });
const maxQty: RiskRule<z.infer<typeof maxQtyLimits>> = {
  id: 'max-qty',
  description: 'order quantity at most maxQty',
  limits: maxQtyLimits,
  check: ({ request: r, limits }) =>
    limits.maxQty !== undefined && decimal.cmp(r.quantity, limits.maxQty as Decimal) > 0
      ? {
          pass: false,
          code: 'MAX_ORDER_QTY',
          reason: `quantity ${r.quantity} > ${limits.maxQty}`,
          compared: { quantity: r.quantity, maxQty: limits.maxQty },
        }
      : { pass: true },
};

const throwing: RiskRule<Limits> = {
  id: 'broken',
  description: 'throws',
  limits: z.object({}) as z.ZodType<Limits>,
  check: () => {
    throw new Error('division by zero');
  },
};

const lossLimits = z.object({ reduceAt: z.string().optional(), haltAt: z.string().optional() });
/** Session loss monitor: REDUCING past `reduceAt` of unrealised loss, HALTED past `haltAt`. */
const lossCap: RiskRule<z.infer<typeof lossLimits>> = {
  id: 'loss-cap',
  description: 'session loss cap',
  limits: lossLimits,
  check: () => ({ pass: true }),
  monitor: ({ pnl, limits }): AccountStateVerdict | null => {
    const loss = decimal.neg(pnl.unrealized);
    if (limits.haltAt !== undefined && decimal.cmp(loss, limits.haltAt as Decimal) >= 0) {
      return {
        state: 'HALTED',
        code: 'LOSS_HALT',
        reason: `loss ${loss}`,
        compared: { loss, haltAt: limits.haltAt },
      };
    }
    if (limits.reduceAt !== undefined && decimal.cmp(loss, limits.reduceAt as Decimal) >= 0) {
      return {
        state: 'REDUCING',
        code: 'LOSS_REDUCE',
        reason: `loss ${loss}`,
        compared: { loss, reduceAt: limits.reduceAt },
      };
    }
    return null;
  },
};

async function setup(
  options: {
    rules?: RiskRule<never>[];
    order?: string[];
    accounts?: (typeof ACCOUNT)[];
    store?: MemoryTradingStore;
  } = {},
) {
  const r = await rig({
    accounts: options.accounts ?? [ACCOUNT],
    config: options.order ? { riskRuleOrder: options.order } : {},
    ...(options.store ? { store: options.store } : {}),
  });
  const venue = new FakeVenue();
  await addPlugin(r.kernel, 'venue-sim', 'venue', venuePlugin(venue));
  if (options.rules)
    await addPlugin(
      r.kernel,
      'rules-x',
      'risk',
      rulePlugin(...(options.rules as RiskRule<Limits>[])),
      '1.2.3',
    );
  await r.engine.idle();
  return { ...r, venue };
}

function trade(r: Awaited<ReturnType<typeof setup>>, price: string): void {
  r.kernel.bus.emit('marketdata.trade', {
    type: 'trade',
    instrument: ES.id,
    source: 'x',
    ts: T0,
    price: price as Decimal,
    size: '1' as Decimal,
    aggressor: 'buy',
  });
}

describe('RiskEngine: rules', () => {
  it('runs the rules in the configured order, unlisted ones after by id, and records every verdict', async () => {
    const calls: string[] = [];
    const r = await setup({
      rules: [
        recording('c-rule', calls),
        recording('a-rule', calls),
        recording('b-rule', calls),
        recording('z-rule', calls),
      ] as never,
      order: ['z-rule', 'b-rule'],
    });
    const { order } = await r.engine.submit(request(), 'u');
    expect(order.state).toBe('PendingNew');
    expect(calls).toEqual(['z-rule', 'b-rule', 'a-rule', 'c-rule']);
    const verdicts = await r.engine.verdicts(order.orderId);
    expect(verdicts.map((v) => [v.rule, v.pass])).toEqual([
      ['rules-x/z-rule@1.2.3', true],
      ['rules-x/b-rule@1.2.3', true],
      ['rules-x/a-rule@1.2.3', true],
      ['rules-x/c-rule@1.2.3', true],
    ]);
    expect(verdicts[0]).toMatchObject({
      orderId: order.orderId,
      clientOrderId: order.clientOrderId,
      account: ACCOUNT.id,
      code: null,
      ts: T0,
    });
    expect(r.store.audits('order.new')[0]?.payload).toMatchObject({
      verdicts: expect.arrayContaining([expect.objectContaining({ rule: 'rules-x/a-rule@1.2.3' })]),
    });
    expect(r.engine.riskRules().map((x) => [x.id, x.plugin, x.version])).toEqual([
      ['z-rule', 'rules-x', '1.2.3'],
      ['b-rule', 'rules-x', '1.2.3'],
      ['a-rule', 'rules-x', '1.2.3'],
      ['c-rule', 'rules-x', '1.2.3'],
    ]);
  });

  it('a refusal stops the run: the order is Rejected with the rule, code and values, stored and audited', async () => {
    const calls: string[] = [];
    const r = await setup({
      rules: [recording('a-rule', calls), maxQty, recording('z-rule', calls)] as never,
    });
    await r.engine.setRiskLimits('*', 'max-qty', { maxQty: '3' }, 'risk-officer');
    const { order } = await r.engine.submit(request({ quantity: '5' as Decimal }), 'u');
    expect(order).toMatchObject({
      state: 'Rejected',
      leavesQuantity: '0',
      rejectReason: {
        source: 'risk',
        code: 'MAX_ORDER_QTY',
        rule: 'rules-x/max-qty@1.2.3',
        text: 'quantity 5 > 3',
      },
    });
    expect(calls).toEqual(['a-rule']);
    expect((await r.engine.verdicts(order.orderId)).map((v) => [v.rule, v.pass, v.code, v.compared])).toEqual(
      [
        ['rules-x/a-rule@1.2.3', true, null, {}],
        ['rules-x/max-qty@1.2.3', false, 'MAX_ORDER_QTY', { quantity: '5', maxQty: '3' }],
      ],
    );
    expect(r.store.audits('order.rejected')).toHaveLength(1);
    await r.engine.idle();
    expect(r.venue.submitted).toHaveLength(0);
  });

  it('fails closed: a rule that throws rejects the order with RULE_FAILED and its plugin is charged a fault', async () => {
    const r = await setup({ rules: [throwing] as never });
    const { order } = await r.engine.submit(request(), 'u');
    expect(order).toMatchObject({
      state: 'Rejected',
      rejectReason: {
        source: 'risk',
        code: 'RULE_FAILED',
        rule: 'rules-x/broken@1.2.3',
        text: expect.stringContaining('division by zero'),
      },
    });
    expect(r.kernel.plugin('rules-x')?.faults).toBe(1);
    expect(await r.engine.verdicts(order.orderId)).toEqual([
      expect.objectContaining({ pass: false, code: 'RULE_FAILED' }),
    ]);
  });

  it('limits: validated by the rule schema, the account record over "*", audited; an unparsable stored limit fails closed', async () => {
    const r = await setup({ rules: [maxQty] as never, accounts: [ACCOUNT, { ...ACCOUNT, id: 'acc-2' }] });
    await expect(r.engine.setRiskLimits('*', 'max-qty', { maxQty: 'lots' }, 'risk')).rejects.toMatchObject({
      code: ERROR_CODES.INVALID_ARGUMENT,
      details: { field: 'limits' },
    });
    await expect(r.engine.setRiskLimits('*', 'nope', {}, 'risk')).rejects.toMatchObject({
      code: ERROR_CODES.NOT_FOUND,
    });
    await expect(r.engine.setRiskLimits('ghost', 'max-qty', {}, 'risk')).rejects.toMatchObject({
      code: ERROR_CODES.NOT_FOUND,
    });
    await r.engine.setRiskLimits('*', 'max-qty', { maxQty: '10' }, 'risk');
    const own = await r.engine.setRiskLimits(ACCOUNT.id, 'max-qty', { maxQty: '2' }, 'risk');
    expect(own).toEqual({
      account: ACCOUNT.id,
      rule: 'max-qty',
      limits: { maxQty: '2' },
      updatedAt: T0,
      updatedBy: 'risk',
    });
    expect(r.engine.riskLimits(ACCOUNT.id).map((l) => l.account)).toEqual([ACCOUNT.id]);
    expect(r.engine.riskLimits('*').map((l) => l.account)).toEqual(['*']);
    expect(r.engine.riskLimits().map((l) => l.account)).toEqual(['*', ACCOUNT.id]);
    expect(r.store.audits('risk.limits.changed')).toHaveLength(2);
    expect((await r.engine.submit(request({ quantity: '5' as Decimal }), 'u')).order.state).toBe('Rejected');
    expect(
      (await r.engine.submit(request({ account: 'acc-2', quantity: '5' as Decimal }), 'u')).order.state,
    ).toBe('PendingNew');
    expect(r.engine.riskRules()[0]?.limitsSchema).toMatchObject({
      type: 'object',
      properties: { maxQty: { type: 'string' } },
    });

    // A stored limit the rule cannot parse (its schema changed, say): orders are refused, not waved through.
    const store = new MemoryTradingStore();
    store.state.limits.set('*|max-qty', {
      account: '*',
      rule: 'max-qty',
      limits: { maxQty: 12 },
      updatedAt: 0,
      updatedBy: 'old',
    });
    const broken = await setup({ rules: [maxQty] as never, store });
    const { order } = await broken.engine.submit(request(), 'u');
    expect(order.rejectReason).toMatchObject({
      code: 'RULE_FAILED',
      text: expect.stringContaining('stored limits are invalid'),
    });
  });
});

describe('RiskEngine: inputs', () => {
  it('gives rules the recent order times of the account within the throttle window', async () => {
    const seen: number[][] = [];
    const throttle: RiskRule<Limits> = {
      id: 'throttle',
      description: 'at most 2 orders per window',
      limits: z.object({}) as z.ZodType<Limits>,
      check: ({ recentOrderTimes }) => {
        seen.push([...recentOrderTimes]);
        return recentOrderTimes.length >= 2
          ? {
              pass: false,
              code: 'ORDER_RATE',
              reason: 'too many orders',
              compared: { recent: recentOrderTimes.length },
            }
          : { pass: true };
      },
    };
    const r = await setup({ rules: [throttle] as never });
    expect((await r.engine.submit(request(), 'u')).order.state).toBe('PendingNew');
    r.clock.advance(100);
    expect((await r.engine.submit(request(), 'u')).order.state).toBe('PendingNew');
    expect((await r.engine.submit(request(), 'u')).order.rejectReason?.code).toBe('ORDER_RATE');
    r.clock.advance(950); // the first order leaves the 1 s window
    expect((await r.engine.submit(request(), 'u')).order.state).toBe('PendingNew');
    expect(seen).toEqual([[], [T0], [T0, T0 + 100], [T0 + 100]]);
  });

  it('gives rules the position, marks, P&L, equity and the working orders of the account', async () => {
    const inputs: RiskCheckInput<Limits>[] = [];
    const spy: RiskRule<Limits> = {
      id: 'spy',
      description: 'records its input',
      limits: z.object({}) as z.ZodType<Limits>,
      check: (input) => {
        inputs.push(structuredClone(input));
        return { pass: true };
      },
    };
    const r = await setup({ rules: [spy] as never });
    const first = (await r.engine.submit(request({ quantity: '2' as Decimal }), 'u')).order;
    await r.engine.idle();
    r.venue.fill(first, '2', '5000');
    await r.engine.idle();
    trade(r, '5010');
    const working = (
      await r.engine.submit(
        request({ side: 'sell', quantity: '1' as Decimal, limitPrice: '5100' as Decimal }),
        'u',
      )
    ).order;
    await r.engine.submit(request({ quantity: '1' as Decimal }), 'u');
    const input = inputs.at(-1)!;
    expect(input).toMatchObject({
      action: 'new',
      instrument: { id: ES.id },
      position: { instrument: ES.id, quantity: '2', avgPrice: '5000', unrealizedPnl: '1000' },
      referencePrice: '5010',
      marks: { [ES.id]: '5010' },
      pnl: { realized: '0', unrealized: '1000', fees: '0' },
      equity: '1001000',
      now: T0,
      limits: {},
    });
    expect(input.workingOrders.map((o) => o.orderId)).toEqual([working.orderId]);
    expect(Object.keys(input.instruments)).toContain(ES.id);
  });
});

describe('RiskEngine: trading states', () => {
  async function longFive() {
    const r = await setup();
    const { order } = await r.engine.submit(request({ quantity: '5' as Decimal }), 'u');
    await r.engine.idle();
    r.venue.fill(order, '5', '5000');
    await r.engine.idle();
    return r;
  }

  it('HALTED rejects every new order and replace', async () => {
    const r = await setup();
    const working = (await r.engine.submit(request(), 'u')).order;
    await r.engine.idle();
    const account = await r.engine.setTradingState(ACCOUNT.id, 'HALTED', 'risk-1', 'margin call');
    expect(account).toMatchObject({
      tradingState: 'HALTED',
      stateReason: { code: 'MANUAL', text: 'margin call', since: T0 },
    });
    const { order } = await r.engine.submit(request(), 'u');
    expect(order.rejectReason).toMatchObject({
      source: 'risk',
      code: 'ACCOUNT_HALTED',
      rule: 'engine/trading-state',
    });
    const replacement = await r.engine.replace(working.orderId, { quantity: '4' as Decimal }, 'u');
    expect(replacement.rejectReason?.code).toBe('ACCOUNT_HALTED');
    expect((await r.engine.order(working.orderId))?.state).toBe('New');
    expect(r.store.audits('account.state').at(-1)).toMatchObject({
      actor: 'risk-1',
      payload: { from: 'ACTIVE', to: 'HALTED' },
    });
    expect(r.events['account.state']?.at(-1)?.tradingState).toBe('HALTED');
  });

  it('a reduce-only order is accepted only when it reduces the position, whatever the account state', async () => {
    const r = await longFive();
    const grow = await r.engine.submit(
      request({ side: 'buy', quantity: '1' as Decimal, reduceOnly: true }),
      'u',
    );
    expect(grow.order.rejectReason).toMatchObject({
      source: 'oms',
      code: 'REDUCE_ONLY',
      rule: 'engine/reduce-only',
    });
    const flip = await r.engine.submit(
      request({ side: 'sell', quantity: '6' as Decimal, reduceOnly: true }),
      'u',
    );
    expect(flip.order.rejectReason?.code).toBe('REDUCE_ONLY');
    const reduce = await r.engine.submit(
      request({ side: 'sell', quantity: '5' as Decimal, reduceOnly: true }),
      'u',
    );
    expect(reduce.order.state).toBe('PendingNew');
  });

  it('REDUCING accepts only orders that reduce the position without flipping it, counting working orders on that side', async () => {
    const r = await longFive();
    await r.engine.setTradingState(ACCOUNT.id, 'REDUCING', 'risk', 'drawdown');
    const buy = await r.engine.submit(request({ side: 'buy', quantity: '1' as Decimal }), 'u');
    expect(buy.order.rejectReason).toMatchObject({ code: 'ACCOUNT_REDUCING', source: 'risk' });
    const flip = await r.engine.submit(request({ side: 'sell', quantity: '6' as Decimal }), 'u');
    expect(flip.order.rejectReason?.code).toBe('ACCOUNT_REDUCING');
    const sell3 = await r.engine.submit(request({ side: 'sell', quantity: '3' as Decimal }), 'u');
    expect(sell3.order.state).toBe('PendingNew');
    // 3 working + 3 more would sell 6 of a position of 5.
    const sell3b = await r.engine.submit(request({ side: 'sell', quantity: '3' as Decimal }), 'u');
    expect(sell3b.order.rejectReason?.code).toBe('ACCOUNT_REDUCING');
    const sell2 = await r.engine.submit(request({ side: 'sell', quantity: '2' as Decimal }), 'u');
    expect(sell2.order.state).toBe('PendingNew');
    expect(await r.engine.verdicts(buy.order.orderId)).toEqual([
      expect.objectContaining({
        rule: 'engine/trading-state',
        compared: { position: '5', side: 'buy', quantity: '1', workingSameSide: '0' },
      }),
    ]);
  });

  it('a monitor moves the account to REDUCING, then HALTED; it stays there until setTradingState', async () => {
    const r = await setup({ rules: [lossCap] as never });
    await r.engine.setRiskLimits('*', 'loss-cap', { reduceAt: '500', haltAt: '2000' }, 'risk');
    const { order } = await r.engine.submit(request({ quantity: '2' as Decimal }), 'u');
    await r.engine.idle();
    r.venue.fill(order, '2', '5000');
    await r.engine.idle();
    expect(r.engine.account(ACCOUNT.id)?.tradingState).toBe('ACTIVE');

    trade(r, '4994'); // (4994 − 5000) × 2 × 50 = −600
    r.clock.advance(1_000);
    await r.engine.idle();
    expect(r.engine.account(ACCOUNT.id)).toMatchObject({
      tradingState: 'REDUCING',
      stateReason: { code: 'LOSS_REDUCE' },
    });
    expect(r.store.audits('account.state').at(-1)).toMatchObject({
      actor: 'plugin:rules-x@1.2.3',
      payload: {
        from: 'ACTIVE',
        to: 'REDUCING',
        rule: 'rules-x/loss-cap@1.2.3',
        compared: { loss: '600', reduceAt: '500' },
      },
    });
    expect(r.events['account.state']?.at(-1)?.tradingState).toBe('REDUCING');

    trade(r, '5010'); // back in profit: the monitor is satisfied, but nothing relaxes by itself
    r.clock.advance(5_000);
    await r.engine.idle();
    expect(r.engine.account(ACCOUNT.id)?.tradingState).toBe('REDUCING');

    trade(r, '4979'); // −2100
    r.clock.advance(1_000);
    await r.engine.idle();
    expect(r.engine.account(ACCOUNT.id)?.tradingState).toBe('HALTED');
    trade(r, '5010');
    r.clock.advance(3_000);
    await r.engine.idle();
    expect(r.engine.account(ACCOUNT.id)?.tradingState).toBe('HALTED');

    const back = await r.engine.setTradingState(ACCOUNT.id, 'ACTIVE', 'risk-2', 'reviewed');
    expect(back.tradingState).toBe('ACTIVE');
    expect(back.stateReason).toBeUndefined();
    expect(r.store.state.accounts.get(ACCOUNT.id)?.tradingState).toBe('ACTIVE');
  });

  it('a monitor that throws is charged as a fault and changes nothing', async () => {
    const bad: RiskRule<Limits> = {
      id: 'bad-monitor',
      description: 'throws',
      limits: z.object({}) as z.ZodType<Limits>,
      check: () => ({ pass: true }),
      monitor: () => {
        throw new Error('boom');
      },
    };
    const r = await setup({ rules: [bad] as never });
    r.clock.advance(1_000);
    await r.engine.idle();
    expect(r.kernel.plugin('rules-x')?.faults).toBe(1);
    expect(r.engine.account(ACCOUNT.id)?.tradingState).toBe('ACTIVE');
  });

  it('monitors run after each fill, not only on the timer', async () => {
    const r = await setup({ rules: [lossCap] as never });
    await r.engine.setRiskLimits(ACCOUNT.id, 'loss-cap', { reduceAt: '100' }, 'risk');
    trade(r, '4990');
    const { order } = await r.engine.submit(request({ quantity: '1' as Decimal }), 'u');
    await r.engine.idle();
    r.venue.fill(order, '1', '5000'); // bought at 5000, marked at 4990: −500
    await r.engine.idle();
    expect(r.engine.account(ACCOUNT.id)?.tradingState).toBe('REDUCING');
  });
});

describe('RiskEngine: kill switch', () => {
  const accounts = [
    { ...ACCOUNT, id: 'acc-1', desk: 'desk-a' },
    { ...ACCOUNT, id: 'acc-2', desk: 'desk-a' },
    { ...ACCOUNT, id: 'acc-3', desk: 'desk-b' },
  ];

  async function withOrders() {
    const r = await setup({ accounts });
    r.venue.autoCancel = true;
    const ids: Record<string, string[]> = {};
    for (const a of accounts) {
      ids[a.id] = [];
      for (let i = 0; i < 2; i++)
        ids[a.id]!.push((await r.engine.submit(request({ account: a.id }), 'u')).order.orderId);
    }
    await r.engine.idle();
    return { ...r, ids };
  }

  const stateOf = (r: Awaited<ReturnType<typeof setup>>, id: string): TradingState | undefined =>
    r.engine.account(id)?.tradingState;

  it('per account: HALTED, every working order canceled, audited; new orders get KILL_SWITCH', async () => {
    const r = await withOrders();
    const result = await r.engine.killSwitch({ account: 'acc-1' }, 'risk-1', 'runaway algo');
    expect(result).toEqual({ canceled: 2, halted: ['acc-1'] });
    await r.engine.idle();
    for (const id of r.ids['acc-1']!) expect((await r.engine.order(id))?.state).toBe('Canceled');
    for (const id of [...r.ids['acc-2']!, ...r.ids['acc-3']!])
      expect((await r.engine.order(id))?.state).toBe('New');
    expect([stateOf(r, 'acc-1'), stateOf(r, 'acc-2'), stateOf(r, 'acc-3')]).toEqual([
      'HALTED',
      'ACTIVE',
      'ACTIVE',
    ]);
    expect(r.store.audits('risk.kill-switch')).toEqual([
      expect.objectContaining({
        actor: 'risk-1',
        account: 'acc-1',
        payload: expect.objectContaining({ reason: 'runaway algo', halted: ['acc-1'] }),
      }),
    ]);
    const { order } = await r.engine.submit(request({ account: 'acc-1' }), 'u');
    expect(order.rejectReason).toMatchObject({
      code: 'KILL_SWITCH',
      source: 'risk',
      rule: 'engine/kill-switch',
    });
  });

  it('per desk and global', async () => {
    const r = await withOrders();
    expect(await r.engine.killSwitch({ desk: 'desk-a' }, 'risk', 'desk stop')).toEqual({
      canceled: 4,
      halted: ['acc-1', 'acc-2'],
    });
    expect(stateOf(r, 'acc-3')).toBe('ACTIVE');
    await r.engine.idle();
    expect(await r.engine.killSwitch({ global: true }, 'risk', 'all stop')).toEqual({
      canceled: 2,
      halted: ['acc-1', 'acc-2', 'acc-3'],
    });
    await r.engine.idle();
    expect(
      (await r.engine.orders({ states: ['PendingNew', 'New', 'PartiallyFilled', 'PendingCancel'] })).length,
    ).toBe(0);
    expect(r.venue.canceled).toHaveLength(6);
    await expect(r.engine.killSwitch({ desk: 'nope' }, 'risk', 'x')).rejects.toMatchObject({
      code: ERROR_CODES.NOT_FOUND,
    });
    await expect(r.engine.killSwitch({ account: 'acc-1' }, 'risk', '')).rejects.toMatchObject({
      details: { field: 'reason' },
    });
  });

  it('cancels orders whose submission raced with the kill switch', async () => {
    const r = await setup({ accounts });
    const racing = r.engine.submit(request({ account: 'acc-1' }), 'u');
    const kill = r.engine.killSwitch({ account: 'acc-1' }, 'risk', 'race');
    const [{ order }, result] = await Promise.all([racing, kill]);
    await r.engine.idle();
    if (order.state === 'Rejected') expect(order.rejectReason?.code).toBe('KILL_SWITCH');
    else {
      expect(result.canceled).toBe(1);
      expect((await r.engine.order(order.orderId))?.state).toBe('PendingCancel');
    }
  });
});
