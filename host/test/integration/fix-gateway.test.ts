import type { Order } from '@qmo/sdk';
import { MemoryMessageStore } from '@qmo/sdk/fix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../src/create-host.js';
import { FixTestClient, type Frame, fields, isER, isMsg } from './fix-client.js';
import { startTestHost, tempDataDir, twoDeskTradingConfig } from './test-host.js';
import { ApiClient, eventually } from './trading-client.js';

/*
 * The FIX 4.4 acceptor of a real host (port 0, venue-sim, risk-limits): a buy-side client built on
 * the SDK's FixInitiator logs on as CLIENT1, a session whose user is a trader granted desk alpha
 * (account A1 only), and trades.
 */

const TIMEOUT = 180_000;
const ADMIN = { email: 'admin@fix.test', password: 'admin-password-123' };
const TRADER = { email: 'trader@fix.test', password: 'trader-password-123' };
const COMPLIANCE = { email: 'compliance@fix.test', password: 'compliance-password-1' };
const SESSION_ID = 'FIX.4.4:QMO->CLIENT1';

const config = {
  ...twoDeskTradingConfig({ '*': { 'max-order-qty': { maxQuantity: '1000000' } } }, 13),
  fix: {
    acceptor: {
      port: 0,
      sessions: [{ senderCompId: 'QMO', targetCompId: 'CLIENT1', user: TRADER.email }],
    },
  },
};

describe('FIX acceptor: order entry and execution reports', { timeout: TIMEOUT }, () => {
  const data = tempDataDir();
  const env = { QMO_ADMIN_EMAIL: ADMIN.email, QMO_ADMIN_PASSWORD: ADMIN.password };
  let host: RunningHost;
  let admin: ApiClient;
  let trader: ApiClient;
  let compliance: ApiClient;
  const store = new MemoryMessageStore();
  let client: FixTestClient;
  let n = 0;
  const clOrdId = (prefix: string) => `${prefix}-${++n}`;

  beforeAll(async () => {
    host = await startTestHost({ dataDir: data.dir, uiDir: null, env, config });
    await host.ready;
    expect(host.fixPort).toBeGreaterThan(0);
    admin = await ApiClient.signIn(host, ADMIN.email, ADMIN.password);
    const created = await admin.post('/api/v1/users', { ...TRADER, role: 'trader', name: 'trader' });
    expect(created.status).toBe(201);
    expect(
      (await admin.put(`/api/v1/users/${created.body.id}/grants`, { accountIds: [], deskIds: ['alpha'] }))
        .status,
    ).toBe(200);
    expect(
      (await admin.post('/api/v1/users', { ...COMPLIANCE, role: 'compliance', name: 'compliance' })).status,
    ).toBe(201);
    trader = await ApiClient.signIn(host, TRADER.email, TRADER.password);
    compliance = await ApiClient.signIn(host, COMPLIANCE.email, COMPLIANCE.password);
    client = new FixTestClient({ port: host.fixPort!, senderCompId: 'CLIENT1', targetCompId: 'QMO', store });
    await client.logon();
  }, TIMEOUT);

  afterAll(async () => {
    await client?.stop();
    await host?.close();
    data.remove();
  }, TIMEOUT);

  const nos = (id: string, extra: [number, string][]): [number, string][] => [[11, id], [21, '1'], ...extra];
  /** A buy NewOrderSingle's tags: [1] account, 55 symbol, 38 quantity, 40 type, [44] price, 59 time in force. */
  const buy = (
    id: string,
    o: { account?: string; symbol: string; qty: string; ordType: string; price?: string; tif: string },
  ): [number, string][] =>
    nos(id, [
      ...(o.account === undefined ? [] : ([[1, o.account]] as [number, string][])),
      [55, o.symbol],
      [54, '1'],
      [38, o.qty],
      [40, o.ordType],
      ...(o.price === undefined ? [] : ([[44, o.price]] as [number, string][])),
      [59, o.tif],
    ]);

  it('logs on; the sessions API shows the session logged on with its sequence numbers', async () => {
    const sessions = await compliance.get('/api/v1/fix/sessions');
    expect(sessions.status).toBe(200);
    expect(sessions.body).toEqual([
      expect.objectContaining({
        id: SESSION_ID,
        state: 'loggedOn',
        user: TRADER.email,
        nextSenderSeqNum: 2,
        nextTargetSeqNum: 2,
        loggedOnSince: expect.any(Number),
      }),
    ]);
    expect((await trader.get('/api/v1/fix/sessions')).status).toBe(403);
  });

  it("a market order: PendingNew, New and a fill, exact decimals; the order is the trader's, entered through the session", async () => {
    const id = clOrdId('mkt');
    const from = client.received.length;
    client.send('D', buy(id, { symbol: 'EURUSD', qty: '100000', ordType: '1', tif: '3' }));
    const pending = await client.waitFor(isER(id, 'A'), 'PendingNew', from);
    expect(fields(pending, 39, 1, 55, 54, 38, 40, 59, 151, 14, 6)).toEqual([
      'A',
      'A1',
      'EURUSD',
      '1',
      '100000',
      '1',
      '3',
      '100000',
      '0',
      '0',
    ]);
    await client.waitFor(isER(id, '0'), 'New', from);
    const fills: Frame[] = [];
    await eventually(async () => {
      fills.splice(0, fills.length, ...client.received.slice(from).filter(isER(id, 'F')));
      return fills.at(-1)?.get(39) === '2' ? true : undefined;
    }, 'the fill');
    const last = fills.at(-1)!;
    expect(last.get(151)).toBe('0');
    expect(last.get(14)).toBe('100000');
    expect(new Set(fills.map((f) => f.get(17))).size).toBe(fills.length);
    const order = (await trader.get<Order[]>('/api/v1/orders?account=A1')).body.find(
      (o) => o.clientOrderId === id,
    )!;
    expect(order.state).toBe('Filled');
    expect(last.get(37)).toBe(order.orderId);
    expect(last.get(6)).toBe(order.avgPrice);
    const executions = (await trader.get(`/api/v1/executions?orderId=${order.orderId}`)).body as {
      price: string;
      quantity: string;
    }[];
    expect(fills.map((f) => [f.get(31), f.get(32)])).toEqual(executions.map((e) => [e.price, e.quantity]));
    const me = (await trader.get('/api/v1/me')).body;
    expect(order.submittedBy).toBe(`user:${me.user.id} via fix:${SESSION_ID}`);
    // Every ER of the order once: one PendingNew, one New.
    expect(client.received.slice(from).filter(isER(id, 'A'))).toHaveLength(1);
    expect(client.received.slice(from).filter(isER(id, '0'))).toHaveLength(1);
  });

  it("a repeated ClOrdID answers with the order's status (ExecType I)", async () => {
    const id = clOrdId('dup');
    const from = client.received.length;
    const body = buy(id, { symbol: 'AAPL', qty: '5', ordType: '2', price: '1.00', tif: '1' });
    client.send('D', body);
    await client.waitFor(isER(id, '0'), 'New', from);
    const again = client.received.length;
    client.send('D', body);
    const status = await client.waitFor(isER(id, 'I'), 'status of the duplicate', again);
    expect(status.get(39)).toBe('0');
    const orders = (await trader.get<Order[]>('/api/v1/orders?account=A1')).body.filter(
      (o) => o.clientOrderId === id,
    );
    expect(orders).toHaveLength(1);
  });

  it("cancel: PendingCancel then Canceled with the cancel's ClOrdID and OrigClOrdID", async () => {
    const id = clOrdId('rest');
    const from = client.received.length;
    client.send('D', buy(id, { symbol: 'AAPL', qty: '10', ordType: '2', price: '1.00', tif: '1' }));
    await client.waitFor(isER(id, '0'), 'New', from);
    const cancelId = clOrdId('cxl');
    client.send('F', [
      [11, cancelId],
      [41, id],
      [55, 'AAPL'],
      [54, '1'],
      [38, '10'],
    ]);
    const pending = await client.waitFor(isER(cancelId, '6'), 'PendingCancel', from);
    expect(fields(pending, 41, 39)).toEqual([id, '6']);
    const canceled = await client.waitFor(isER(cancelId, '4'), 'Canceled', from);
    expect(fields(canceled, 41, 39, 151)).toEqual([id, '4', '0']);
  });

  it("replace: the replacement carries the client's new ClOrdID (PendingReplace, then Replaced with 41)", async () => {
    const id = clOrdId('rep');
    const from = client.received.length;
    client.send('D', buy(id, { symbol: 'AAPL', qty: '10', ordType: '2', price: '1.00', tif: '1' }));
    const acked = await client.waitFor(isER(id, '0'), 'New', from);
    const newId = clOrdId('rep2');
    client.send('G', [
      [11, newId],
      [41, id],
      [55, 'AAPL'],
      [54, '1'],
      [38, '12'],
      [40, '2'],
      [44, '1.01'],
    ]);
    const pending = await client.waitFor(isER(newId, 'E'), 'PendingReplace', from);
    expect(fields(pending, 41, 39, 37)).toEqual([id, 'E', acked.get(37)]);
    const replaced = await client.waitFor(isER(newId, '5'), 'Replaced', from);
    expect(fields(replaced, 41, 39, 38, 44)).toEqual([id, '0', '12', '1.01']);
    const orders = (await trader.get<Order[]>('/api/v1/orders?account=A1')).body;
    const replacement = orders.find((o) => o.clientOrderId === newId)!;
    expect(replacement).toMatchObject({
      state: 'New',
      quantity: '12',
      limitPrice: '1.01',
      replaces: acked.get(37),
    });
    expect(replaced.get(37)).toBe(replacement.orderId);

    // Its status by the new ClOrdID.
    const before = client.received.length;
    client.send('H', [
      [11, newId],
      [55, 'AAPL'],
      [54, '1'],
    ]);
    const status = await client.waitFor(isER(newId, 'I'), 'status', before);
    expect(fields(status, 37, 39, 38, 44, 151)).toEqual([replacement.orderId, '0', '12', '1.01', '12']);

    // A replace reusing a ClOrdID the account already has is refused (OrderCancelReject 102=6).
    const dup = client.received.length;
    client.send('G', [
      [11, id],
      [41, newId],
      [55, 'AAPL'],
      [54, '1'],
      [38, '13'],
      [40, '2'],
      [44, '1.01'],
    ]);
    const reject = await client.waitFor(isMsg('9', id), 'replace refused', dup);
    expect(fields(reject, 41, 434, 102)).toEqual([newId, '2', '6']);
  });

  it('business rejects: unknown symbol 380=2, an account not granted 380=6', async () => {
    const from = client.received.length;
    const unknown = clOrdId('nosym');
    client.send('D', buy(unknown, { symbol: 'NOPE', qty: '1', ordType: '1', tif: '3' }));
    const bmr = await client.waitFor(isMsg('j'), 'BMR', from);
    expect(fields(bmr, 372, 379, 380)).toEqual(['D', unknown, '2']);
    expect(Number(bmr.get(45))).toBeGreaterThan(0);

    const next = client.received.length;
    const notGranted = clOrdId('b1');
    client.send(
      'D',
      buy(notGranted, { account: 'B1', symbol: 'EURUSD', qty: '1000', ordType: '1', tif: '3' }),
    );
    const denied = await client.waitFor(isMsg('j'), 'BMR', next);
    expect(fields(denied, 372, 379, 380)).toEqual(['D', notGranted, '6']);
    const unknownAccount = client.received.length;
    client.send(
      'D',
      buy(clOrdId('zz'), { account: 'ZZ9', symbol: 'EURUSD', qty: '1000', ordType: '1', tif: '3' }),
    );
    expect((await client.waitFor(isMsg('j'), 'BMR', unknownAccount)).get(380)).toBe('6');
    const missingPrice = client.received.length;
    client.send('D', buy(clOrdId('nopx'), { symbol: 'AAPL', qty: '1', ordType: '2', tif: '1' }));
    expect((await client.waitFor(isMsg('j'), 'BMR', missingPrice)).get(380)).toBe('5');
    const orders = (await admin.get<Order[]>('/api/v1/orders?account=B1')).body;
    expect(orders.some((o) => o.clientOrderId === notGranted)).toBe(false);
  });

  it("a risk refusal is an ExecutionReport Rejected with OrdRejReason and the rule's code", async () => {
    const id = clOrdId('big');
    const from = client.received.length;
    client.send('D', buy(id, { symbol: 'EURUSD', qty: '2000000', ordType: '1', tif: '3' }));
    const rejected = await client.waitFor(isER(id, '8'), 'Rejected', from);
    expect(fields(rejected, 39, 103)).toEqual(['8', '3']);
    expect(rejected.get(58)).toMatch(/^MAX_ORDER_QTY: /);
    expect(rejected.get(37)).not.toBe('NONE');

    const offGrid = clOrdId('grid');
    client.send(
      'D',
      buy(offGrid, { symbol: 'EURUSD', qty: '1000', ordType: '2', price: '1.000001', tif: '1' }),
    );
    const malformed = await client.waitFor(isER(offGrid, '8'), 'malformed refused', from);
    expect(fields(malformed, 37, 39, 103)).toEqual(['NONE', '8', '99']);
    expect(malformed.get(58)).toMatch(/limitPrice/);
  });

  it('a cancel of an unknown order is an OrderCancelReject 102=1', async () => {
    const from = client.received.length;
    const cancelId = clOrdId('cxl-unknown');
    client.send('F', [
      [11, cancelId],
      [41, 'never-sent'],
      [55, 'AAPL'],
      [54, '1'],
      [38, '1'],
    ]);
    const reject = await client.waitFor(isMsg('9', cancelId), 'OrderCancelReject', from);
    expect(fields(reject, 41, 434, 102, 39)).toEqual(['never-sent', '1', '1', '8']);
  });

  it('reports made while the client is away come back by ResendRequest after it logs on again (PossDupFlag Y)', async () => {
    const id = clOrdId('away');
    const from = client.received.length;
    client.send('D', buy(id, { symbol: 'AAPL', qty: '3', ordType: '2', price: '1.00', tif: '1' }));
    const acked = await client.waitFor(isER(id, '0'), 'New', from);
    await client.stop();
    await eventually(
      async () =>
        (await compliance.get('/api/v1/fix/sessions')).body[0].state === 'disconnected' ? true : undefined,
      'the session disconnected',
    );
    // Canceled over HTTP while the FIX client is gone: PendingCancel and Canceled are stored for it.
    expect((await trader.delete(`/api/v1/orders/${acked.get(37)}`)).status).toBe(202);
    await eventually(async () => {
      const o = (await trader.get<Order>(`/api/v1/orders/${acked.get(37)}`)).body;
      return o.state === 'Canceled' ? true : undefined;
    }, 'the cancel');

    client = new FixTestClient({ port: host.fixPort!, senderCompId: 'CLIENT1', targetCompId: 'QMO', store });
    await client.logon();
    const canceled = await client.waitFor(isER(id, '4'), 'the Canceled report, resent');
    expect(canceled.get(43)).toBe('Y');
    expect(canceled.get(122)).toBeDefined();
    const pending = await client.waitFor(isER(id, '6'), 'the PendingCancel report, resent');
    expect(pending.get(43)).toBe('Y');
    expect(Number(pending.get(34))).toBeLessThan(Number(canceled.get(34)));
  });

  it('keeps every message in and out in the message log (compliance reads it)', async () => {
    const messages = await eventually(async () => {
      const answer = await compliance.get(
        `/api/v1/fix/sessions/${encodeURIComponent(SESSION_ID)}/messages?limit=10000`,
      );
      expect(answer.status).toBe(200);
      const list = answer.body as { direction: string; msgType: string; seq: number; raw: string }[];
      return list.some((m) => m.direction === 'out' && m.msgType === '8' && m.raw.includes('\u000143=Y'))
        ? list
        : undefined;
    }, 'the resent reports in the log');
    const inbound = messages.filter((m) => m.direction === 'in');
    expect(inbound.map((m) => m.msgType)).toEqual(expect.arrayContaining(['A', 'D', 'F', 'G', 'H', '2']));
    expect(messages.filter((m) => m.direction === 'out').map((m) => m.msgType)).toEqual(
      expect.arrayContaining(['A', '8', '9', 'j']),
    );
    expect(messages[0]).toMatchObject({ direction: 'in', msgType: 'A', seq: 1 });
    expect((await trader.get(`/api/v1/fix/sessions/${encodeURIComponent(SESSION_ID)}/messages`)).status).toBe(
      403,
    );
    const audit = await fetch(`${host.url}/api/v1/audit/export?format=jsonl`, {
      headers: { cookie: admin.cookie ?? '', origin: host.url },
    });
    const actions = await audit.text();
    expect(actions).toContain('fix.logon');
    expect(actions).toContain('fix.logout');
  });
});
