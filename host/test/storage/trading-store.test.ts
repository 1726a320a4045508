import { dec, type Order } from '@qmo/sdk';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DrizzleAuditJournal, DrizzleTradingStore, DuplicateClientOrderIdError } from '../../src/db/index.js';
import { auditLog, executions, orders, type riskVerdicts } from '../../src/db/schema.js';
import { backends, STORAGE_TIMEOUT, type TestDatabase } from './backends.js';
import {
  account,
  desk,
  execution,
  fullOrder,
  messages,
  minimalOrder,
  T0,
  verdict,
} from './trading.fixture.js';

describe.each(backends)('DrizzleTradingStore on $name', { timeout: STORAGE_TIMEOUT }, (backend) => {
  let database: TestDatabase;
  let store: DrizzleTradingStore;
  let journal: DrizzleAuditJournal;

  beforeAll(async () => {
    database = await backend.open();
    store = new DrizzleTradingStore(database.db, { clock: { now: () => T0 } });
    journal = new DrizzleAuditJournal(database.db);
  }, STORAGE_TIMEOUT);
  afterAll(async () => {
    await database?.close();
  }, STORAGE_TIMEOUT);
  beforeEach(async () => {
    await database.truncate();
  });

  const count = async (table: typeof orders | typeof executions | typeof auditLog | typeof riskVerdicts) =>
    (await database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

  it('stores an order with every field and reads it back exactly', async () => {
    const full = fullOrder();
    const minimal = minimalOrder();
    await store.transaction(async (tx) => {
      await tx.insertOrder(full);
      await tx.insertOrder(minimal);
    });
    expect(await store.order(full.orderId)).toStrictEqual(full);
    // Absent optional fields stay absent (not undefined-valued, not null).
    const read = await store.order(minimal.orderId);
    expect(read).toStrictEqual(minimal);
    expect(Object.keys(read!).sort()).toEqual(Object.keys(minimal).sort());
    expect(await store.order('nope')).toBeNull();
    await store.transaction(async (tx) => {
      expect(await tx.getOrder(full.orderId)).toStrictEqual(full);
      expect(await tx.findOrderByClientId(account.id, 'cl-m')).toStrictEqual(minimal);
      expect(await tx.findOrderByClientId('other-account', 'cl-m')).toBeNull();
    });
  });

  it('keeps decimals exact (numeric) and reads them canonical', async () => {
    const order = minimalOrder({
      quantity: dec('123456789012345678901234567890.123456789012345678901234567891'),
      leavesQuantity: dec('0.000000000000000000000000000001'),
      cumQuantity: dec('0'),
      avgPrice: dec('99999999999999999999.99999999999999999999'),
    });
    await store.transaction((tx) => tx.insertOrder(order));
    expect(await store.order(order.orderId)).toStrictEqual(order);
    // Non-canonical input ("1.50", "007") comes back canonical.
    await store.transaction((tx) =>
      tx.updateOrder({
        ...order,
        quantity: '1.50' as Order['quantity'],
        cumQuantity: '007' as Order['cumQuantity'],
      }),
    );
    const read = await store.order(order.orderId);
    expect(read?.quantity).toBe('1.5');
    expect(read?.cumQuantity).toBe('7');
    // numeric would take 'NaN'; the store does not.
    await expect(
      store.transaction((tx) =>
        tx.insertOrder(
          minimalOrder({ orderId: 'bad', clientOrderId: 'bad', quantity: 'NaN' as Order['quantity'] }),
        ),
      ),
    ).rejects.toThrow(/quantity is not an exact decimal/);
  });

  it('updates every field of an order, clearing optional ones', async () => {
    await store.transaction((tx) => tx.insertOrder(fullOrder()));
    const changed = minimalOrder({
      orderId: 'ord-1',
      clientOrderId: 'cl-1',
      state: 'Canceled',
      leavesQuantity: dec('0'),
      updatedAt: T0 + 99,
    });
    await store.transaction((tx) => tx.updateOrder(changed));
    expect(await store.order('ord-1')).toStrictEqual(changed);
    await expect(
      store.transaction((tx) => tx.updateOrder(minimalOrder({ orderId: 'ghost' }))),
    ).rejects.toMatchObject({
      code: 'QMO_NOT_FOUND',
    });
  });

  it('refuses a second order with the same client order id in the account, and allows it in another', async () => {
    await store.transaction((tx) => tx.insertOrder(minimalOrder()));
    let answered: Order | null = null;
    await expect(
      store.transaction(async (tx) => {
        try {
          await tx.insertOrder(minimalOrder({ orderId: 'ord-other' }));
        } catch (error) {
          // The transaction stays usable to look up the order that holds the id.
          answered = await tx.findOrderByClientId(account.id, 'cl-m');
          throw error;
        }
      }),
    ).rejects.toBeInstanceOf(DuplicateClientOrderIdError);
    expect(answered).toMatchObject({ orderId: 'ord-m' });
    await store.transaction((tx) => tx.insertOrder(minimalOrder({ orderId: 'ord-b', account: 'acc-2' })));
    expect((await store.orders({})).map((o) => o.orderId)).toEqual(['ord-b', 'ord-m'].sort());
    // The key itself holds too, without the store's ON CONFLICT.
    await expect(
      database.db.execute(
        sql`insert into orders select 'ord-x', client_order_id, account, instrument, side, type, quantity, limit_price, stop_price, time_in_force, expire_at, display_quantity, post_only, reduce_only, strategy, venue, venue_order_id, state, cum_quantity, leaves_quantity, avg_price, submitted_by, created_at, updated_at, reject_reason, replaced_by, replaces from orders where order_id = 'ord-m'`,
      ),
    ).rejects.toSatisfy((e: unknown) => /orders_account_client_order_id_unique/.test(messages(e)));
  });

  it('commits the change and its audit record together, or neither', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.insertOrder(minimalOrder());
        await tx.audit({
          ts: T0,
          actor: 'user-1',
          action: 'order.new',
          account: account.id,
          subject: 'ord-m',
          payload: {},
        });
        throw new Error('venue exploded');
      }),
    ).rejects.toThrow('venue exploded');
    expect(await store.order('ord-m')).toBeNull();
    expect(await count(orders)).toBe(0);
    expect(await count(auditLog)).toBe(0);

    const result = await store.transaction(async (tx) => {
      await tx.insertOrder(minimalOrder());
      await tx.audit({
        ts: T0,
        actor: 'user-1',
        action: 'order.new',
        account: account.id,
        subject: 'ord-m',
        payload: { n: 1 },
      });
      return 'done';
    });
    expect(result).toBe('done');
    expect(await store.order('ord-m')).not.toBeNull();
    const trail = [];
    for await (const record of journal.read({})) trail.push(record);
    // The rolled-back record left no gap: the committed one is seq 1.
    expect(trail).toMatchObject([{ seq: 1, action: 'order.new', subject: 'ord-m', payload: { n: 1 } }]);
    expect(await journal.verify()).toMatchObject({ ok: true, records: 1 });
  });

  it('applies an execution once: a repeated execution id returns false and changes nothing', async () => {
    await store.transaction((tx) => tx.insertOrder(fullOrder()));
    const fill = execution();
    expect(await store.transaction((tx) => tx.insertExecution(fill))).toBe(true);
    const again = execution({ price: dec('2'), quantity: dec('1'), ts: T0 + 1000 });
    expect(await store.transaction((tx) => tx.insertExecution(again))).toBe(false);
    expect(await store.executions({})).toStrictEqual([fill]);
    expect(await count(executions)).toBe(1);
    // An execution of an order that is not stored is refused.
    await expect(
      store.transaction((tx) => tx.insertExecution(execution({ executionId: 'e-x', orderId: 'ghost' }))),
    ).rejects.toSatisfy((e: unknown) => /executions_order_fk/.test(messages(e)));
  });

  it('queries executions by account, order, time range and limit', async () => {
    await store.transaction(async (tx) => {
      await tx.insertOrder(fullOrder());
      await tx.insertOrder(fullOrder({ orderId: 'ord-2', clientOrderId: 'cl-2', account: 'acc-2' }));
      for (let i = 0; i < 5; i++) {
        await tx.insertExecution(execution({ executionId: `e${i}`, ts: T0 + i }));
        await tx.insertExecution(
          execution({ executionId: `f${i}`, orderId: 'ord-2', account: 'acc-2', ts: T0 + i }),
        );
      }
    });
    const ids = async (q: Parameters<DrizzleTradingStore['executions']>[0]) =>
      (await store.executions(q)).map((e) => e.executionId);
    expect(await ids({ accounts: ['acc-1'] })).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    expect(await ids({ orderId: 'ord-2', from: T0 + 1, to: T0 + 3 })).toEqual(['f1', 'f2']);
    expect(await ids({ accounts: ['acc-1'], limit: 2 })).toEqual(['e3', 'e4']);
    expect(await ids({ accounts: [] })).toEqual([]);
    expect(await ids({ limit: 0 })).toEqual([]);
    expect((await ids({})).length).toBe(10);
  });

  it('finds the working orders and queries orders by account, state and time', async () => {
    const states = [
      'PendingNew',
      'New',
      'PartiallyFilled',
      'Filled',
      'PendingCancel',
      'Canceled',
      'PendingReplace',
      'Replaced',
      'Rejected',
      'Expired',
    ] as const;
    await store.transaction(async (tx) => {
      for (const [i, state] of states.entries()) {
        await tx.insertOrder(
          minimalOrder({
            orderId: `o${i}`,
            clientOrderId: `c${i}`,
            state,
            createdAt: T0 + i,
            account: i % 2 ? 'acc-2' : 'acc-1',
          }),
        );
      }
    });
    expect((await store.workingOrders()).map((o) => o.state)).toEqual([
      'PendingNew',
      'New',
      'PartiallyFilled',
      'PendingCancel',
      'PendingReplace',
    ]);
    const ids = async (q: Parameters<DrizzleTradingStore['orders']>[0]) =>
      (await store.orders(q)).map((o) => o.orderId);
    expect(await ids({ accounts: ['acc-2'] })).toEqual(['o1', 'o3', 'o5', 'o7', 'o9']);
    expect(await ids({ states: ['Filled', 'Rejected'] })).toEqual(['o3', 'o8']);
    expect(await ids({ from: T0 + 2, to: T0 + 5 })).toEqual(['o2', 'o3', 'o4']);
    expect(await ids({ accounts: ['acc-1'], limit: 2 })).toEqual(['o6', 'o8']);
    expect(await ids({ states: [] })).toEqual([]);
    // The state column takes only the SDK's states.
    await expect(
      store.transaction((tx) =>
        tx.insertOrder(
          minimalOrder({ orderId: 'bad', clientOrderId: 'bad', state: 'Lost' as Order['state'] }),
        ),
      ),
    ).rejects.toSatisfy((e: unknown) => /orders_state_check/.test(messages(e)));
  });

  it('upserts risk limits per account and rule', async () => {
    await store.transaction(async (tx) => {
      await tx.setRiskLimits({
        account: '*',
        rule: 'max-notional',
        limits: { max: '1000000' },
        updatedAt: T0,
        updatedBy: 'risk-1',
      });
      await tx.setRiskLimits({
        account: 'acc-1',
        rule: 'max-notional',
        limits: { max: '5000' },
        updatedAt: T0,
        updatedBy: 'risk-1',
      });
    });
    await store.transaction((tx) =>
      tx.setRiskLimits({
        account: 'acc-1',
        rule: 'max-notional',
        limits: { max: '6000', perInstrument: { EURUSD: '100' }, on: true, list: [1, null] },
        updatedAt: T0 + 1,
        updatedBy: 'risk-2',
      }),
    );
    expect(await store.riskLimits()).toStrictEqual([
      { account: '*', rule: 'max-notional', limits: { max: '1000000' }, updatedAt: T0, updatedBy: 'risk-1' },
      {
        account: 'acc-1',
        rule: 'max-notional',
        limits: { max: '6000', perInstrument: { EURUSD: '100' }, on: true, list: [1, null] },
        updatedAt: T0 + 1,
        updatedBy: 'risk-2',
      },
    ]);
    const types = await database.db.execute(sql`select jsonb_typeof(limits) as t from risk_limits`);
    const rows = (Array.isArray(types) ? types : (types as { rows: unknown[] }).rows) as { t: string }[];
    expect(rows.map((r) => r.t)).toEqual(['object', 'object']);
  });

  it('records risk verdicts and reads them back per order in order', async () => {
    const verdicts = [
      verdict({ rule: 'engine/trading-state', pass: true, code: null, reason: null, compared: {} }),
      verdict(),
      verdict({ orderId: 'ord-2', clientOrderId: 'cl-2' }),
    ];
    await store.transaction(async (tx) => {
      await tx.recordRiskVerdicts(verdicts);
      await tx.recordRiskVerdicts([]);
    });
    expect(await store.riskVerdicts('ord-1')).toStrictEqual(verdicts.slice(0, 2));
    expect(await store.riskVerdicts('ord-2')).toStrictEqual([verdicts[2]]);
    expect(await store.riskVerdicts('none')).toEqual([]);
  });

  it('creates desks and accounts with audit records, and changes trading states', async () => {
    expect(await store.createDesk(desk, 'admin-1')).toEqual(desk);
    await expect(store.createDesk({ id: desk.id, name: 'again' }, 'admin-1')).rejects.toMatchObject({
      code: 'QMO_INVALID_ARGUMENT',
      details: { field: 'id' },
    });
    const { tradingState: _, ...input } = account;
    expect(await store.upsertAccount(input, 'admin-1')).toStrictEqual(account);
    await expect(
      store.upsertAccount({ ...input, id: 'acc-9', desk: 'nowhere' }, 'admin-1'),
    ).rejects.toMatchObject({
      code: 'QMO_INVALID_ARGUMENT',
      details: { field: 'desk' },
    });

    const reason = { code: 'KILL_SWITCH', text: 'risk officer halted it', since: T0 + 10 };
    await store.transaction((tx) => tx.setTradingState(account.id, 'HALTED', reason));
    expect(await store.accounts()).toStrictEqual([
      { ...account, tradingState: 'HALTED', stateReason: reason },
    ]);
    // An update without a trading state keeps the state and its reason.
    const renamed = await store.upsertAccount(
      { ...input, name: 'Alpha Fund II', startingEquity: dec('5.10') },
      'admin-2',
    );
    expect(renamed).toStrictEqual({
      ...account,
      name: 'Alpha Fund II',
      startingEquity: '5.1',
      tradingState: 'HALTED',
      stateReason: reason,
    });
    await store.transaction((tx) => tx.setTradingState(account.id, 'ACTIVE', null));
    expect(await store.account(account.id)).toStrictEqual({
      ...account,
      name: 'Alpha Fund II',
      startingEquity: '5.1',
    });
    await expect(
      store.transaction((tx) => tx.setTradingState('ghost', 'HALTED', null)),
    ).rejects.toMatchObject({
      code: 'QMO_NOT_FOUND',
    });
    await expect(
      store.transaction((tx) => tx.setTradingState(account.id, 'PAUSED' as 'ACTIVE', null)),
    ).rejects.toMatchObject({ code: 'QMO_INVALID_ARGUMENT' });
    expect(await store.desks()).toEqual([desk]);

    const trail = [];
    for await (const record of journal.read({})) trail.push(record);
    expect(trail.map((r) => [r.seq, r.action, r.actor, r.subject])).toEqual([
      [1, 'desk.created', 'admin-1', desk.id],
      [2, 'account.created', 'admin-1', account.id],
      [3, 'account.updated', 'admin-2', account.id],
    ]);
    expect(trail[2]?.payload).toMatchObject({
      before: { name: 'Alpha Fund', tradingState: 'HALTED' },
      after: { name: 'Alpha Fund II', startingEquity: '5.1' },
    });
    expect(await journal.verify()).toMatchObject({ ok: true, records: 3 });
  });

  it('upserts an account as given inside a transaction, creating an unknown desk', async () => {
    const halted = {
      ...account,
      desk: 'new-desk',
      tradingState: 'HALTED' as const,
      stateReason: { code: 'MANUAL', text: 'paused', since: T0 },
    };
    await store.transaction((tx) => tx.upsertAccount(halted));
    expect(await store.accounts()).toStrictEqual([halted]);
    expect(await store.desks()).toEqual([{ id: 'new-desk', name: 'new-desk' }]);
    await store.createDesk(desk, 'admin-1');
    await store.transaction((tx) => tx.upsertAccount(account));
    // The desk created with its id as name gets a name; the same name again changes nothing.
    expect(await store.upsertDesk({ id: 'new-desk', name: 'New Desk' }, 'admin-1')).toEqual({
      id: 'new-desk',
      name: 'New Desk',
    });
    await store.upsertDesk({ id: 'new-desk', name: 'New Desk' }, 'admin-1');
    await store.upsertDesk({ id: 'third', name: 'Third' }, 'admin-1');
    const trail = [];
    for await (const record of journal.read({})) trail.push(record);
    expect(trail.map((r) => [r.action, r.payload])).toEqual([
      ['desk.created', { desk }],
      [
        'desk.updated',
        { before: { id: 'new-desk', name: 'new-desk' }, after: { id: 'new-desk', name: 'New Desk' } },
      ],
      ['desk.created', { desk: { id: 'third', name: 'Third' } }],
    ]);
    expect(await store.accounts()).toStrictEqual([account]);
    expect((await store.desks()).map((d) => d.id)).toEqual([desk.id, 'new-desk', 'third']);
    await expect(
      store.transaction((tx) =>
        tx.upsertAccount({ ...account, startingEquity: '1e6' as typeof account.startingEquity }),
      ),
    ).rejects.toMatchObject({ code: 'QMO_INVALID_ARGUMENT', details: { field: 'startingEquity' } });
  });

  it('announces the audit records of a committed transaction only', async () => {
    const seen: number[] = [];
    const announcing = new DrizzleTradingStore(database.db, { onAudit: (r) => seen.push(r.seq) });
    await announcing
      .transaction(async (tx) => {
        await tx.audit({ ts: T0, actor: 'system', action: 'x', payload: {} });
        throw new Error('no');
      })
      .catch(() => {});
    await announcing.transaction(async (tx) => {
      await tx.audit({ ts: T0, actor: 'system', action: 'a', payload: {} });
      await tx.audit({ ts: T0, actor: 'system', action: 'b', payload: {} });
    });
    expect(seen).toEqual([1, 2]);
  });
});
