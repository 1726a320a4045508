import type { Execution, Order, Position } from '@qmo/sdk';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../src/create-host.js';
import { startTestHost, tempDataDir, twoDeskTradingConfig } from './test-host.js';
import { ApiClient, eventually } from './trading-client.js';

const TIMEOUT = 180_000;
const ADMIN = { email: 'admin@qmo.test', password: 'admin-password-123' };
const TRADER = { email: 'trader@qmo.test', password: 'trader-password-123' };
const RISK = { email: 'risk@qmo.test', password: 'risk-password-1234' };
const VIEWER = { email: 'viewer@qmo.test', password: 'viewer-password-123' };

const tradingConfig = twoDeskTradingConfig({ '*': { 'max-order-qty': { maxQuantity: '1000000' } } }, 11);

describe('orders end to end over HTTP', { timeout: TIMEOUT }, () => {
  const data = tempDataDir();
  const env = { QMO_ADMIN_EMAIL: ADMIN.email, QMO_ADMIN_PASSWORD: ADMIN.password };
  let host: RunningHost;
  let admin: ApiClient;
  let trader: ApiClient;
  let riskOfficer: ApiClient;
  let viewer: ApiClient;

  const start = async () => {
    host = await startTestHost({ dataDir: data.dir, uiDir: null, env, config: tradingConfig });
    await host.ready;
  };

  beforeAll(async () => {
    await start();
    admin = await ApiClient.signIn(host, ADMIN.email, ADMIN.password);
    for (const [user, role] of [
      [TRADER, 'trader'],
      [RISK, 'risk'],
      [VIEWER, 'viewer'],
    ] as const) {
      const created = await admin.post('/api/v1/users', { ...user, role, name: role });
      expect(created.status).toBe(201);
      if (role !== 'risk')
        expect(
          (await admin.put(`/api/v1/users/${created.body.id}/grants`, { accountIds: [], deskIds: ['alpha'] }))
            .status,
        ).toBe(200);
    }
    trader = await ApiClient.signIn(host, TRADER.email, TRADER.password);
    riskOfficer = await ApiClient.signIn(host, RISK.email, RISK.password);
    viewer = await ApiClient.signIn(host, VIEWER.email, VIEWER.password);
  }, TIMEOUT);

  afterAll(async () => {
    await host?.close();
    data.remove();
  }, TIMEOUT);

  it('refuses the unauthenticated, the wrong role and accounts not granted, as problem+json', async () => {
    const anonymous = await new ApiClient(host).get('/api/v1/orders');
    expect(anonymous.status).toBe(401);
    expect(anonymous.type).toContain('application/problem+json');

    const me = await trader.get('/api/v1/me');
    expect(me.body.accounts.map((a: { id: string }) => a.id)).toEqual(['A1']);

    const order = {
      account: 'B1',
      instrument: 'EURUSD',
      side: 'buy',
      type: 'market',
      quantity: '1000',
      timeInForce: 'IOC',
    };
    const notGranted = await trader.post('/api/v1/orders', order);
    expect(notGranted.status).toBe(403);
    expect(notGranted.body.code).toBe('QMO_FORBIDDEN');

    const viewerOrder = await viewer.post('/api/v1/orders', { ...order, account: 'A1' });
    expect(viewerOrder.status).toBe(403);
    const limits = await trader.put('/api/v1/risk/limits/A1/max-order-qty', { limits: { maxQuantity: '1' } });
    expect(limits.status).toBe(403);
  });

  it('answers malformed orders with 400 naming the field', async () => {
    const missing = await trader.post('/api/v1/orders', {
      account: 'A1',
      instrument: 'EURUSD',
      side: 'buy',
      type: 'limit',
      quantity: 'lots',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toContain('body.quantity');

    const offGrid = await trader.post('/api/v1/orders', {
      account: 'A1',
      instrument: 'EURUSD',
      side: 'buy',
      type: 'limit',
      quantity: '1000',
      limitPrice: '1.000001',
      timeInForce: 'GTC',
    });
    expect(offGrid.status).toBe(400);
    expect(offGrid.body.detail).toMatch(/limitPrice/);

    const unknown = await trader.post('/api/v1/orders', {
      account: 'A1',
      instrument: 'NOPE',
      side: 'buy',
      type: 'market',
      quantity: '1',
      timeInForce: 'IOC',
    });
    expect([400, 404]).toContain(unknown.status);
    expect(unknown.body.detail).toMatch(/NOPE/);
  });

  it('fills a market order, books the position and answers a repeated client order id with the same order', async () => {
    const request = {
      clientOrderId: 'e2e-mkt-1',
      account: 'A1',
      instrument: 'EURUSD',
      side: 'buy',
      type: 'market',
      quantity: '100000',
      timeInForce: 'IOC',
    };
    const ack = await trader.post<Order>('/api/v1/orders', request);
    expect(ack.status).toBe(201);
    expect(['PendingNew', 'New', 'PartiallyFilled', 'Filled']).toContain(ack.body.state);

    const filled = await eventually(async () => {
      const o = (await trader.get<Order>(`/api/v1/orders/${ack.body.orderId}`)).body;
      return o.state === 'Filled' ? o : undefined;
    }, 'the fill');
    expect(filled.cumQuantity).toBe('100000');
    expect(filled.leavesQuantity).toBe('0');

    const repeat = await trader.post('/api/v1/orders', request);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ duplicate: true, orderId: ack.body.orderId });

    const fills = (await trader.get<Execution[]>(`/api/v1/executions?orderId=${ack.body.orderId}`)).body;
    expect(fills.reduce((sum, f) => sum + Number(f.quantity), 0)).toBe(100000);
    const positions = (await trader.get<Position[]>('/api/v1/positions?account=A1')).body;
    expect(positions.find((p) => p.instrument === 'EURUSD')?.quantity).toBe('100000');
  });

  it('rejects an order over a risk limit with the rule, the reason code and the values compared', async () => {
    const rejected = await trader.post('/api/v1/orders', {
      account: 'A1',
      instrument: 'EURUSD',
      side: 'buy',
      type: 'market',
      quantity: '2000000',
      timeInForce: 'IOC',
    });
    expect(rejected.status).toBe(422);
    expect(rejected.body.rejectReason).toMatchObject({
      source: 'risk',
      code: 'MAX_ORDER_QTY',
      rule: 'risk-limits/max-order-qty@1.0.0',
    });
    const stored = await trader.get(`/api/v1/orders/${rejected.body.order.orderId}`);
    expect(stored.body.state).toBe('Rejected');
    const failed = stored.body.verdicts.find((v: { pass: boolean }) => !v.pass);
    expect(failed).toMatchObject({
      code: 'MAX_ORDER_QTY',
      compared: expect.objectContaining({ maxQuantity: '1000000' }),
    });
  });

  it('streams a trader’s own orders and nothing of accounts not granted', async () => {
    const socket = io(host.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: trader.cookie! },
      forceNew: true,
    });
    const seen: Order[] = [];
    socket.on('order', (o: Order) => seen.push(o));
    try {
      await new Promise<void>((resolve) => socket.on('accounts', () => resolve()));
      const mine = await trader.post<Order>('/api/v1/orders', {
        account: 'A1',
        instrument: 'AAPL',
        side: 'buy',
        type: 'limit',
        limitPrice: '1.00',
        quantity: '10',
        timeInForce: 'GTC',
      });
      expect(mine.status).toBe(201);
      const theirs = await admin.post<Order>('/api/v1/orders', {
        account: 'B1',
        instrument: 'AAPL',
        side: 'buy',
        type: 'limit',
        limitPrice: '1.00',
        quantity: '10',
        timeInForce: 'GTC',
      });
      expect(theirs.status).toBe(201);
      await eventually(
        async () =>
          seen.some((o) => o.orderId === mine.body.orderId && o.state === 'New') ? true : undefined,
        'the New event',
      );
      expect(seen.some((o) => o.account === 'B1')).toBe(false);
      await trader.delete(`/api/v1/orders/${mine.body.orderId}`);
      await admin.delete(`/api/v1/orders/${theirs.body.orderId}`);
    } finally {
      socket.close();
    }
  });

  it('amends and cancels a working order', async () => {
    const placed = await trader.post<Order>('/api/v1/orders', {
      account: 'A1',
      instrument: 'AAPL',
      side: 'buy',
      type: 'limit',
      limitPrice: '1.00',
      quantity: '10',
      timeInForce: 'GTC',
    });
    await eventually(
      async () =>
        (await trader.get<Order>(`/api/v1/orders/${placed.body.orderId}`)).body.state === 'New'
          ? true
          : undefined,
      'New',
    );
    const amended = await trader.patch<Order>(`/api/v1/orders/${placed.body.orderId}`, { quantity: '20' });
    expect(amended.status).toBe(202);
    const replacement = await eventually(async () => {
      const o = (await trader.get<Order>(`/api/v1/orders/${amended.body.orderId}`)).body;
      return o.state === 'New' ? o : undefined;
    }, 'the replacement');
    expect(replacement.quantity).toBe('20');
    const canceled = await trader.delete<Order>(`/api/v1/orders/${replacement.orderId}`);
    expect(canceled.status).toBe(202);
    await eventually(
      async () =>
        (await trader.get<Order>(`/api/v1/orders/${replacement.orderId}`)).body.state === 'Canceled'
          ? true
          : undefined,
      'Canceled',
    );
    const again = await trader.delete(`/api/v1/orders/${replacement.orderId}`);
    expect(again.status).toBe(409);
  });

  it('keeps an acknowledged working order across a restart', async () => {
    const placed = await trader.post<Order>('/api/v1/orders', {
      clientOrderId: 'survivor',
      account: 'A1',
      instrument: 'AAPL',
      side: 'buy',
      type: 'limit',
      limitPrice: '1.00',
      quantity: '5',
      timeInForce: 'GTC',
    });
    expect(placed.status).toBe(201);
    await host.close();
    await start();
    admin = await ApiClient.signIn(host, ADMIN.email, ADMIN.password);
    trader = await ApiClient.signIn(host, TRADER.email, TRADER.password);
    riskOfficer = await ApiClient.signIn(host, RISK.email, RISK.password);
    const restored = await eventually(async () => {
      const o = (await trader.get<Order>(`/api/v1/orders/${placed.body.orderId}`)).body;
      return o.state === 'New' ? o : undefined;
    }, 'the restored order');
    expect(restored.clientOrderId).toBe('survivor');
  });

  it('kill switch: cancels every working order of the account and halts it; only risk may re-activate', async () => {
    const killed = await riskOfficer.post('/api/v1/risk/kill-switch', {
      scope: 'account',
      id: 'A1',
      reason: 'test',
    });
    expect(killed.status).toBe(200);
    expect(killed.body.halted).toEqual(['A1']);
    expect(killed.body.canceled).toBeGreaterThanOrEqual(1);
    await eventually(async () => {
      const working = (
        await trader.get<Order[]>(
          '/api/v1/orders?account=A1&state=New,PartiallyFilled,PendingNew,PendingCancel',
        )
      ).body;
      return working.length === 0 ? true : undefined;
    }, 'no working orders');
    const refused = await trader.post('/api/v1/orders', {
      account: 'A1',
      instrument: 'EURUSD',
      side: 'buy',
      type: 'market',
      quantity: '1000',
      timeInForce: 'IOC',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.rejectReason.code).toMatch(/HALTED|KILL_SWITCH/);
    expect(
      (await trader.post('/api/v1/risk/accounts/A1/state', { state: 'ACTIVE', reason: 'x' })).status,
    ).toBe(403);
    const reactivated = await riskOfficer.post('/api/v1/risk/accounts/A1/state', {
      state: 'ACTIVE',
      reason: 'incident closed',
    });
    expect(reactivated.body.tradingState).toBe('ACTIVE');
  });

  it('lets an admin create a desk and an account that trades at once; others may not', async () => {
    expect((await trader.post('/api/v1/desks', { id: 'gamma', name: 'Gamma' })).status).toBe(403);
    expect((await admin.post('/api/v1/desks', { id: 'gamma', name: 'Gamma desk' })).status).toBe(201);
    const bad = await admin.post('/api/v1/accounts', {
      id: 'G1',
      name: 'Gamma one',
      desk: 'nope',
      currency: 'USD',
      startingEquity: '1000',
    });
    expect(bad.status).toBe(400);
    const created = await admin.post('/api/v1/accounts', {
      id: 'G1',
      name: 'Gamma one',
      desk: 'gamma',
      currency: 'USD',
      startingEquity: '500000',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'G1', desk: 'gamma', tradingState: 'ACTIVE' });
    const order = await admin.post<Order>('/api/v1/orders', {
      account: 'G1',
      instrument: 'AAPL',
      side: 'buy',
      type: 'limit',
      limitPrice: '1.00',
      quantity: '1',
      timeInForce: 'GTC',
    });
    expect(order.status).toBe(201);
    await admin.delete(`/api/v1/orders/${order.body.orderId}`);
  });

  it('keeps a verifiable audit trail of it all, exportable by compliance', async () => {
    const verify = await admin.get('/api/v1/audit/verify');
    expect(verify.body.ok).toBe(true);
    expect(verify.body.records).toBeGreaterThan(10);
    const res = await fetch(`${host.url}/api/v1/audit/export?format=jsonl&account=A1`, {
      headers: { cookie: admin.cookie! },
    });
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; account?: string });
    expect(lines.every((l) => l.account === 'A1')).toBe(true);
    expect(lines.map((l) => l.action)).toEqual(
      expect.arrayContaining(['order.new', 'order.rejected', 'risk.kill-switch']),
    );
    expect((await trader.get('/api/v1/audit/verify')).status).toBe(403);
  });
});
