import { dec } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import type { VenueFixConfigInput } from '../src/index.js';
import { connected, until, useVenueFixHarness } from './harness.js';
import { makeOrder } from './helpers.js';
import { Relay, startVenueAcceptor } from './jspurefix-venue.js';

const fix = useVenueFixHarness('qmo-venue-fix-', () =>
  startVenueAcceptor({ senderCompId: 'VENUE', targetCompId: 'QMO' }),
);

/** The plugin (AAPL mapped to AAPL.O unless `config` says otherwise), its adapter connecting. */
const startPlugin = (config: Partial<VenueFixConfigInput> = {}, port?: number) =>
  fix.startPlugin({ symbols: { AAPL: 'AAPL.O' }, ...config }, port);

describe('venue-fix against a jspurefix acceptor', { timeout: 60_000 }, () => {
  it('logs on, sends an order, reports the ack and a fill with the venue’s ExecID, price and commission', async () => {
    const { adapter, events } = await startPlugin({ account: 'ACC-9' });
    await connected(events);
    const order = makeOrder({ side: 'buy', quantity: '100', limitPrice: '230.01' });
    await adapter.submit(order);
    await until(() => expect(events.of('accepted')).toEqual([[order.orderId, 'V1']]));
    const nos = fix.counterparty.venue.messages('D')[0]!;
    expect(Object.fromEntries(nos.fields)).toMatchObject({
      11: order.orderId,
      38: '100',
      40: '2',
      44: '230.01',
      54: '1',
      55: 'AAPL.O',
      59: '1',
    });

    const execId = fix.counterparty.venue.fill(order.orderId, 40, 230.01, 1.25);
    await until(() => expect(events.executions).toHaveLength(1));
    expect(events.executions[0]).toEqual({
      executionId: execId,
      orderId: order.orderId,
      clientOrderId: order.clientOrderId,
      account: 'ACC1',
      instrument: 'AAPL',
      side: 'buy',
      price: '230.01',
      quantity: '40',
      fee: '1.25',
      feeCurrency: 'USD',
      liquidity: 'taker',
      venue: 'fix',
      ts: expect.any(Number),
    });
  });

  it('cancels and replaces; the cancel after a replace names the order by the replace’s ClOrdID', async () => {
    const { adapter, events } = await startPlugin();
    await connected(events);
    const order = makeOrder({ side: 'sell', quantity: '10', limitPrice: '100' });
    await adapter.submit(order);
    await until(() => expect(events.of('accepted')).toHaveLength(1));

    await adapter.replace(
      { ...order, state: 'New', venueOrderId: 'V1' },
      { quantity: dec('12'), limitPrice: dec('101') },
    );
    await until(() =>
      expect(events.of('replaced')).toEqual([[order.orderId, { quantity: '12', limitPrice: '101' }]]),
    );
    const replace = fix.counterparty.venue.messages('G')[0]!;
    expect(replace.fields.get(41)).toBe(order.orderId);
    expect(replace.fields.get(37)).toBe('V1');

    await adapter.cancel({ ...order, quantity: dec('12'), limitPrice: dec('101'), state: 'New' });
    await until(() => expect(events.of('canceled')).toHaveLength(1));
    const cancel = fix.counterparty.venue.messages('F')[0]!;
    expect(cancel.fields.get(41)).toBe(replace.fields.get(11));
    expect(cancel.fields.get(11)).not.toBe(replace.fields.get(11));

    // Canceling again: the venue refuses with an OrderCancelReject.
    await adapter.cancel({ ...order, state: 'New' });
    await until(() => expect(events.of('cancelRejected')).toHaveLength(1));
    expect(events.of('cancelRejected')[0]).toEqual([
      order.orderId,
      { code: 'TOO_LATE_TO_CANCEL', text: 'too late to cancel' },
    ]);
    expect(events.orderCalls.map((c) => c[0])).toEqual([
      'accepted',
      'replaced',
      'canceled',
      'cancelRejected',
    ]);
  });

  it('reports a rejected order with the venue’s reason', async () => {
    const { adapter, events } = await startPlugin({ symbols: { AAPL: 'REJECT' } });
    await connected(events);
    const order = makeOrder({ side: 'buy', quantity: '1', limitPrice: '1' });
    await adapter.submit(order);
    await until(() =>
      expect(events.of('rejected')).toEqual([
        [order.orderId, { code: 'UNKNOWN_SYMBOL', text: 'unknown symbol' }],
      ]),
    );
  });

  it('keeps the session up with heartbeats at a short HeartBtInt', async () => {
    const { adapter, events } = await startPlugin({ heartBtInt: 1 });
    await connected(events);
    // Several heartbeat intervals of silence, then the same session still carries orders.
    await until(() => expect(fix.counterparty.venue.heartbeats).toBeGreaterThanOrEqual(3));
    const order = makeOrder({ side: 'buy', quantity: '1', limitPrice: '1' });
    await adapter.submit(order);
    await until(() => expect(events.of('accepted')).toHaveLength(1));
    expect(events.of('connection')).toEqual([['connected', expect.any(String)]]);
    expect(fix.counterparty.venue.logons).toBe(1);
  });

  it('reconnects after the venue drops the connection, and the session carries on', async () => {
    const { adapter, events } = await startPlugin();
    await connected(events);
    fix.counterparty.venue.session?.drop();
    await until(() =>
      expect(events.of('connection').map((c) => c[0])).toEqual(['connected', 'disconnected', 'connected']),
    );
    const order = makeOrder({ side: 'buy', quantity: '5', limitPrice: '10' });
    await adapter.submit(order);
    await until(() => expect(events.of('accepted')).toHaveLength(1));
    expect(fix.counterparty.venue.logons).toBe(2);
  });

  it('orders sent while the connection is down reach the venue as a resend after the next Logon', async () => {
    const relay = new Relay(fix.counterparty.port);
    const relayPort = await relay.listen();
    try {
      const { adapter, events } = await startPlugin({}, relayPort);
      await connected(events);
      const first = makeOrder({ side: 'buy', quantity: '100', limitPrice: '50' });
      await adapter.submit(first);
      await until(() => expect(events.of('accepted')).toHaveLength(1));

      relay.cut();
      await until(() => expect(events.of('connection').at(-1)?.[0]).toBe('disconnected'));
      // Sent while down: the session keeps it for the venue's ResendRequest after the next Logon.
      const second = makeOrder({ side: 'sell', quantity: '7', limitPrice: '51' });
      await adapter.submit(second);
      expect(fix.counterparty.venue.messages('D')).toHaveLength(1);

      relay.restore();
      await until(() =>
        expect(events.of('accepted').map((a) => a[0])).toEqual([first.orderId, second.orderId]),
      );
      expect(fix.counterparty.venue.messages('D').map((d) => [d.fields.get(11), d.possDup])).toEqual([
        [first.orderId, false],
        [second.orderId, true],
      ]);
      expect(relay.connections).toBe(2);
    } finally {
      await relay.close();
    }
  });

  it('with resetOnLogon, orders sent while down wait and go after the next Logon', async () => {
    const relay = new Relay(fix.counterparty.port);
    const relayPort = await relay.listen();
    try {
      const { adapter, events } = await startPlugin({ resetOnLogon: true }, relayPort);
      await connected(events);
      relay.cut();
      await until(() => expect(events.of('connection').at(-1)?.[0]).toBe('disconnected'));
      const order = makeOrder({ side: 'buy', quantity: '2', limitPrice: '3' });
      await adapter.submit(order);
      relay.restore();
      await until(() => expect(events.of('accepted')).toEqual([[order.orderId, expect.any(String)]]));
      expect(fix.counterparty.venue.messages('D').map((d) => [d.fields.get(11), d.possDup])).toEqual([
        [order.orderId, false],
      ]);
    } finally {
      await relay.close();
    }
  });

  it('a fill the venue sent while the connection was down arrives by resend, once', async () => {
    const relay = new Relay(fix.counterparty.port);
    const relayPort = await relay.listen();
    try {
      const { adapter, events } = await startPlugin({}, relayPort);
      await connected(events);
      const order = makeOrder({ side: 'buy', quantity: '100', limitPrice: '50' });
      await adapter.submit(order);
      await until(() => expect(events.of('accepted')).toHaveLength(1));

      // The venue fills while nothing reaches us, then the connection is lost.
      relay.blackhole();
      const execId = fix.counterparty.venue.fill(order.orderId, 100, 49.5);
      await until(() => expect(relay.dropped).toContain(`17=${execId}`));
      relay.cut();
      await until(() => expect(events.of('connection').at(-1)?.[0]).toBe('disconnected'));
      expect(events.executions).toEqual([]);

      relay.restore();
      await until(() => expect(events.executions.map((e) => e.executionId)).toEqual([execId]));
      expect(events.executions[0]).toMatchObject({ orderId: order.orderId, quantity: '100', price: '49.5' });

      // The venue repeats the fill: still one execution.
      fix.counterparty.venue.repeatFill(order.orderId, execId, 100, 49.5);
      const probe = makeOrder({ side: 'buy', quantity: '1', limitPrice: '1' });
      await adapter.submit(probe);
      await until(() => expect(events.of('accepted')).toHaveLength(2));
      expect(events.executions).toHaveLength(1);
    } finally {
      await relay.close();
    }
  });

  it('throttles orders, cancels and replaces without reordering them', async () => {
    const { adapter, events } = await startPlugin({ maxOrdersPerSecond: 2 });
    await connected(events);
    const orders = [1, 2, 3, 4, 5].map((n) =>
      makeOrder({ side: 'buy', quantity: String(n), limitPrice: '10' }),
    );
    for (const order of orders) await adapter.submit(order);
    await adapter.cancel({ ...orders[0]!, state: 'New' });
    await until(() => expect(events.of('canceled')).toHaveLength(1));
    expect(fix.counterparty.venue.received.map((r) => [r.msgType, r.fields.get(11)?.split(':')[0]])).toEqual([
      ...orders.map((o) => ['D', o.orderId]),
      ['F', orders[0]!.orderId],
    ]);
    expect(events.of('accepted').map((a) => a[0])).toEqual(orders.map((o) => o.orderId));
  });

  it('restore asks the venue for each order’s status: known orders are adopted, unknown ones canceled', async () => {
    const first = await startPlugin();
    await connected(first.events);
    const order = makeOrder({ side: 'buy', quantity: '3', limitPrice: '9' });
    await first.adapter.submit(order);
    await until(() => expect(first.events.of('accepted')).toHaveLength(1));
    await first.host.stop();
    fix.hosts.splice(fix.hosts.indexOf(first.host), 1);

    // A restarted host: same data folder, so the same FIX session continues.
    const { adapter, events } = await startPlugin();
    await connected(events);
    const lost = makeOrder({ side: 'sell', quantity: '1', limitPrice: '9' });
    await adapter.restore?.([
      { ...order, state: 'New', venueOrderId: 'V1' },
      { ...lost, state: 'New', venueOrderId: 'V404' },
    ]);
    await until(() => expect(events.orderCalls).toHaveLength(2));
    expect(events.of('accepted')).toEqual([[order.orderId, 'V1']]);
    expect(events.of('canceled')).toEqual([[lost.orderId, expect.stringMatching(/^unknown at the venue/)]]);
  });
});
