import { describe, expect, it } from 'vitest';
import { createOrder } from '../../src/index.js';
import { MemoryTradingStore, request } from './helpers.js';

const order = (id: string, clientOrderId = id) =>
  createOrder(request({ clientOrderId }), { orderId: id, venue: 'sim', submittedBy: 'u', ts: 1 });

describe('MemoryTradingStore (test double of the host store)', () => {
  it('applies a transaction on commit and discards it when the work throws', async () => {
    const store = new MemoryTradingStore();
    await store.transaction(async (tx) => {
      await tx.insertOrder(order('a'));
      await tx.audit({ ts: 1, actor: 'u', action: 'order.new', payload: {} });
    });
    await expect(
      store.transaction(async (tx) => {
        await tx.insertOrder(order('b'));
        await tx.audit({ ts: 2, actor: 'u', action: 'order.new', payload: {} });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect([...store.state.orders.keys()]).toEqual(['a']);
    expect(store.audits()).toHaveLength(1);
  });

  it('refuses a repeated (account, clientOrderId) and reports a repeated execution id', async () => {
    const store = new MemoryTradingStore();
    await store.transaction((tx) => tx.insertOrder(order('a', 'c1')));
    await expect(store.transaction((tx) => tx.insertOrder(order('b', 'c1')))).rejects.toThrow(/unique/);
    const execution = {
      executionId: 'x',
      orderId: 'a',
      clientOrderId: 'c1',
      account: 'acc-1',
      instrument: 'ESZ6',
      side: 'buy',
      price: '1',
      quantity: '1',
      fee: '0',
      feeCurrency: 'USD',
      liquidity: 'maker',
      venue: 'sim',
      ts: 1,
    } as const;
    expect(await store.transaction((tx) => tx.insertExecution(execution as never))).toBe(true);
    expect(await store.transaction((tx) => tx.insertExecution(execution as never))).toBe(false);
    expect(await store.workingOrders()).toHaveLength(1);
  });
});
