import { type Bar, type Decimal, dec, decimal, type Execution } from '@qmo/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../src/create-host.js';
import { startTestHost, tempDataDir, twoDeskTradingConfig } from './test-host.js';
import { ApiClient } from './trading-client.js';

const TIMEOUT = 180_000;
const ADMIN = { email: 'admin@qmo.test', password: 'admin-password-123' };
const TRADER = { email: 'trader@qmo.test', password: 'trader-password-123' };
const VIEWER = { email: 'viewer@qmo.test', password: 'viewer-password-123' };
const MINUTE = 60_000;
const START = 100;

describe('paper trading in bar replay over HTTP', { timeout: TIMEOUT }, () => {
  const data = tempDataDir();
  const env = { QMO_ADMIN_EMAIL: ADMIN.email, QMO_ADMIN_PASSWORD: ADMIN.password };
  let host: RunningHost;
  let admin: ApiClient;
  let trader: ApiClient;
  let viewer: ApiClient;
  let bars: Bar[];
  let session: string;
  /** The buy limit: the low of bar `fillAt`, below the start's close and every low before it. */
  let limit: string;
  let fillAt: number;

  beforeAll(async () => {
    host = await startTestHost({ dataDir: data.dir, uiDir: null, env, config: twoDeskTradingConfig({}, 11) });
    await host.ready;
    admin = await ApiClient.signIn(host, ADMIN.email, ADMIN.password);
    for (const [user, role] of [
      [TRADER, 'trader'],
      [VIEWER, 'viewer'],
    ] as const) {
      const created = await admin.post('/api/v1/users', { ...user, role, name: role });
      expect(created.status).toBe(201);
    }
    trader = await ApiClient.signIn(host, TRADER.email, TRADER.password);
    viewer = await ApiClient.signIn(host, VIEWER.email, VIEWER.password);
    const res = await trader.get<{ bars: Bar[] }>('/api/v1/marketdata/EURUSD/bars?tf=1m&limit=400');
    bars = res.body.bars.filter((b) => b.closed);
    let lowest = bars[START]!.close;
    for (let i = START + 1; i < bars.length - 2; i++) {
      if (decimal.cmp(bars[i]!.low, lowest) < 0 && i > START + 1) {
        fillAt = i;
        limit = bars[i]!.low;
        break;
      }
      if (decimal.cmp(bars[i]!.low, lowest) < 0) lowest = bars[i]!.low;
    }
    expect(fillAt).toBeGreaterThan(START + 1);
  }, TIMEOUT);

  afterAll(async () => {
    await host?.close();
    data.remove();
  }, TIMEOUT);

  const path = (rest = '') => `/api/v1/replay/sessions/${session}${rest}`;

  it('needs a signed-in trader', async () => {
    const anonymous = new ApiClient(host);
    const body = { instrument: 'EURUSD', tf: '1m', start: bars[START]!.ts };
    expect((await anonymous.post('/api/v1/replay/sessions', body)).status).toBe(401);
    const refused = await viewer.post('/api/v1/replay/sessions', body);
    expect(refused.status).toBe(403);
    expect(refused.type).toContain('application/problem+json');
  });

  it('opens a session at the bar picked, priced at its close', async () => {
    const res = await trader.post('/api/v1/replay/sessions', {
      instrument: 'EURUSD',
      tf: '1m',
      start: bars[START]!.ts + 10_000,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      instrument: 'EURUSD',
      tf: '1m',
      start: bars[START]!.ts,
      cursor: bars[START]!.ts,
      price: dec(bars[START]!.close),
      orders: [],
      account: { startingCash: '100000', cash: '100000', equity: '100000' },
    });
    session = res.body.id;
    const listed = await trader.get('/api/v1/replay/sessions');
    expect(listed.body.map((s: { id: string }) => s.id)).toEqual([session]);
  });

  it('keeps a session to its user', async () => {
    const res = await admin.get(path());
    expect(res.status).toBe(404);
    expect(res.type).toContain('application/problem+json');
  });

  it('refuses an order off the grid, naming the field', async () => {
    const res = await trader.post(path('/orders'), {
      side: 'buy',
      type: 'limit',
      quantity: '1500',
      limitPrice: limit,
    });
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'QMO_INVALID_ARGUMENT', field: 'quantity' });
    expect(res.body.detail).toContain('lot size 1000');
  });

  it('fills a buy limit only when a revealed bar reaches it, at the limit, inside that bar', async () => {
    const placed = await trader.post(path('/orders'), {
      side: 'buy',
      type: 'limit',
      quantity: '2000',
      limitPrice: limit,
    });
    expect(placed.status).toBe(201);
    expect(placed.body.order).toMatchObject({ state: 'New', limitPrice: dec(limit), account: 'paper' });

    const before = await trader.post(path('/advance'), { to: bars[fillAt - 1]!.ts });
    expect(before.status).toBe(200);
    expect(before.body.orders[0].state).toBe('New');
    expect(before.body.executions).toEqual([]);

    const after = await trader.post(path('/advance'), { to: bars[fillAt]!.ts });
    expect(after.body.cursor).toBe(bars[fillAt]!.ts);
    expect(after.body.orders[0].state).toBe('Filled');
    const fill: Execution = after.body.executions[0];
    expect(fill.price).toBe(dec(limit));
    expect(fill.ts).toBeGreaterThanOrEqual(bars[fillAt]!.ts);
    expect(fill.ts).toBeLessThan(bars[fillAt]!.ts + MINUTE);
    expect(after.body.position).toMatchObject({ quantity: '2000', avgPrice: dec(limit) });
  });

  it('sells at market at the replay price, with exact realised P&L and fees', async () => {
    const close = dec(bars[fillAt]!.close);
    const res = await trader.post(path('/orders'), { side: 'sell', type: 'market', quantity: '2000' });
    expect(res.status).toBe(201);
    expect(res.body.order).toMatchObject({ state: 'Filled', avgPrice: close });
    const { pnl, executions, account } = res.body.session;
    const fees = executions.reduce((sum: Decimal, e: Execution) => decimal.add(sum, e.fee), dec('0'));
    const realized = decimal.mul(decimal.sub(close, dec(limit)), dec('2000'));
    expect(pnl).toEqual({ realized, unrealized: '0', fees, net: decimal.sub(realized, fees) });
    expect(account.equity).toBe(decimal.add(dec('100000'), decimal.sub(realized, fees)));
    expect(res.body.session.position.quantity).toBe('0');
  });

  it('cancels a working order', async () => {
    const stop = await trader.post(path('/orders'), {
      side: 'buy',
      type: 'stop',
      quantity: '1000',
      stopPrice: decimal.add(dec(bars[fillAt]!.close), dec('1')),
    });
    expect(stop.body.order.state).toBe('New');
    const res = await trader.delete(path(`/orders/${stop.body.order.orderId}`));
    expect(res.status).toBe(200);
    expect(res.body.order.state).toBe('Canceled');
    const again = await trader.delete(path(`/orders/${stop.body.order.orderId}`));
    expect(again.status).toBe(409);
  });

  it('refuses going back and going past the last closed bar, as problem+json', async () => {
    const back = await trader.post(path('/advance'), { to: bars[START]!.ts });
    expect(back.status).toBe(409);
    expect(back.type).toContain('application/problem+json');
    expect(back.body).toMatchObject({ reason: 'cursor-behind' });
    const future = await trader.post(path('/advance'), { to: Date.now() + 3_600_000 });
    expect(future.status).toBe(422);
    expect(future.body).toMatchObject({ reason: 'after-last-bar' });
    const bad = await trader.post(path('/advance'), { to: 'soon' });
    expect(bad.status).toBe(400);
  });

  it('resets to an earlier time with nothing of the old orders', async () => {
    const res = await trader.post(path('/reset'), { start: bars[START]!.ts });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: session, cursor: bars[START]!.ts, orders: [], executions: [] });
  });

  it('ends a session', async () => {
    expect((await trader.delete(path())).status).toBe(204);
    expect((await trader.get(path())).status).toBe(404);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await trader.get('/api/v1/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/replay/sessions', '/api/v1/replay/sessions/{id}/advance']),
    );
  });
});
