import type { Order } from '@qmo/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../src/create-host.js';
import { FixTestClient, type Frame, isER, isMsg } from './fix-client.js';
import { startTestHost, tempDataDir, twoDeskTradingConfig } from './test-host.js';
import { ApiClient, eventually } from './trading-client.js';

/*
 * One session's orders in flight at once: the gateway takes the session's next message while an
 * order is being written, and still answers each order exactly once, in the order of its states; a
 * ClOrdID sent again, or canceled, while its order is in flight waits for that order.
 */

const TIMEOUT = 180_000;
const ADMIN = { email: 'admin@fix-pipeline.test', password: 'pipeline-password-123' };
const TRADER = { email: 'trader@fix-pipeline.test', password: 'pipeline-trader-123' };

const config = {
  ...twoDeskTradingConfig({ '*': { 'max-order-qty': { maxQuantity: '1000000' } } }, 31),
  fix: {
    acceptor: {
      port: 0,
      sessions: [{ senderCompId: 'QMO', targetCompId: 'PIPE1', user: TRADER.email }],
    },
  },
};

/** The ExecutionReports of one ClOrdID, in the order received. */
const reportsOf = (frames: Frame[], clOrdId: string) =>
  frames.filter((f) => f.get(35) === '8' && f.get(11) === clOrdId);

describe('FIX acceptor: a session with many orders in flight', { timeout: TIMEOUT }, () => {
  const data = tempDataDir();
  const env = { QMO_ADMIN_EMAIL: ADMIN.email, QMO_ADMIN_PASSWORD: ADMIN.password };
  let host: RunningHost;
  let trader: ApiClient;
  let client: FixTestClient;

  beforeAll(async () => {
    host = await startTestHost({ dataDir: data.dir, uiDir: null, env, config });
    await host.ready;
    const admin = await ApiClient.signIn(host, ADMIN.email, ADMIN.password);
    const created = await admin.post('/api/v1/users', { ...TRADER, role: 'trader', name: 'trader' });
    expect(created.status).toBe(201);
    const grants = { accountIds: [], deskIds: ['alpha'] };
    expect((await admin.put(`/api/v1/users/${created.body.id}/grants`, grants)).status).toBe(200);
    trader = await ApiClient.signIn(host, TRADER.email, TRADER.password);
    client = new FixTestClient({ port: host.fixPort!, senderCompId: 'PIPE1', targetCompId: 'QMO' });
    await client.logon();
  }, TIMEOUT);

  afterAll(async () => {
    await client?.stop();
    await host?.close();
    data.remove();
  }, TIMEOUT);

  const ordersOf = async (ids: readonly string[]) =>
    (await trader.get<Order[]>('/api/v1/orders?account=A1&limit=1000')).body.filter((o) =>
      ids.includes(o.clientOrderId),
    );

  /** A resting limit order (New), or a marketable one that fills. */
  const nos = (id: string, kind: 'rest' | 'fill'): [number, string][] =>
    kind === 'rest'
      ? [
          [11, id],
          [21, '1'],
          [55, 'AAPL'],
          [54, '1'],
          [38, '3'],
          [40, '2'],
          [44, '1.00'],
          [59, '1'],
        ]
      : [
          [11, id],
          [21, '1'],
          [55, 'EURUSD'],
          [54, '1'],
          [38, '10000'],
          [40, '1'],
          [59, '3'],
        ];

  it('50 NewOrderSingles back to back: each answered once, PendingNew then New then fills; the engine has them all', async () => {
    const from = client.received.length;
    const ids = Array.from({ length: 50 }, (_, i) => `burst-${i}`);
    const kindOf = (i: number) => (i % 2 === 0 ? 'rest' : 'fill');
    for (const [i, id] of ids.entries()) client.send('D', nos(id, kindOf(i)));
    // Every order reaches its expected state: New (resting) or Filled.
    await eventually(async () => {
      const frames = client.received.slice(from);
      const done = ids.every((id, i) =>
        reportsOf(frames, id).some((f) => f.get(39) === (kindOf(i) === 'rest' ? '0' : '2')),
      );
      return done ? true : undefined;
    }, 'every order of the burst answered');
    const frames = client.received.slice(from);
    const orders = await ordersOf(ids);
    expect(orders).toHaveLength(ids.length);
    ids.forEach((id, i) => {
      const reports = reportsOf(frames, id);
      const execTypes = reports.map((f) => f.get(150)).join('');
      // One PendingNew, one New, then (a marketable order) its fills; nothing else.
      expect(execTypes).toMatch(kindOf(i) === 'rest' ? /^A0$/ : /^A0F+$/);
      const order = orders.find((o) => o.clientOrderId === id)!;
      expect(order.state).toBe(kindOf(i) === 'rest' ? 'New' : 'Filled');
      expect(new Set(reports.map((f) => f.get(37)))).toEqual(new Set([order.orderId]));
      expect(reports.at(-1)?.get(14)).toBe(order.cumQuantity);
    });
    // The engine took them in the order they were sent.
    const created = ids.map((id) => orders.find((o) => o.clientOrderId === id)!.createdAt);
    expect(created).toEqual([...created].sort((a, b) => a - b));
  });

  it("a ClOrdID sent again while its order is in flight answers with that order's status, once", async () => {
    const from = client.received.length;
    const id = 'again-1';
    client.send('D', nos(id, 'rest'));
    client.send('D', nos(id, 'rest'));
    const status = await client.waitFor(isER(id, 'I'), 'status of the repeat', from);
    await client.waitFor(isER(id, '0'), 'New', from);
    const orders = await ordersOf([id]);
    expect(orders).toHaveLength(1);
    expect(status.get(37)).toBe(orders[0]!.orderId);
    const reports = reportsOf(client.received.slice(from), id);
    // The order's own reports once each, PendingNew before the status; no refusal.
    expect(reports.filter((f) => f.get(150) === 'A')).toHaveLength(1);
    expect(reports.filter((f) => f.get(150) === '0')).toHaveLength(1);
    expect(reports.filter((f) => f.get(150) === 'I')).toHaveLength(1);
    expect(reports.filter((f) => f.get(150) === '8')).toEqual([]);
    expect(reports.findIndex(isER(id, 'A'))).toBeLessThan(reports.findIndex(isER(id, 'I')));
  });

  it('a cancel sent right behind its NewOrderSingle waits for the order: PendingCancel then Canceled', async () => {
    const from = client.received.length;
    const id = 'quick-1';
    const cancelId = 'quick-1-cxl';
    client.send('D', nos(id, 'rest'));
    client.send('F', [
      [11, cancelId],
      [41, id],
      [55, 'AAPL'],
      [54, '1'],
      [38, '3'],
    ]);
    await client.waitFor(isER(cancelId, '4'), 'Canceled', from);
    const frames = client.received.slice(from);
    expect(frames.filter(isMsg('9'))).toEqual([]);
    const execTypes = frames
      .filter((f) => f.get(35) === '8' && (f.get(11) === id || f.get(11) === cancelId))
      .map((f) => f.get(150));
    // PendingNew first, Canceled last, the PendingCancel before it (New when the venue acked first).
    expect(execTypes.join('')).toMatch(/^A0?60?4$/);
    expect((await ordersOf([id]))[0]?.state).toBe('Canceled');
  });
});
