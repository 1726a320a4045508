import { MemoryMessageStore } from '@qmo/sdk/fix';
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../src/create-host.js';
import { DrizzleFixStore, dbSchema, openDatabase } from '../../src/db/index.js';
import { FixTestClient, type Frame, isER } from './fix-client.js';
import { startTestHost, tempDataDir, twoDeskTradingConfig } from './test-host.js';

/*
 * The crash window of the FIX gateway: the engine commits an order change, the host dies before the
 * ExecutionReport reaches the session's message store. The test makes that window happen for sure:
 * with the host down it commits, as the engine and the gateway would have, a fill that filled r-2 and
 * the PendingCancel of r-1 with the cancel's ClOrdID c-1 stored on its link. After the restart the
 * client logs on, gets the missing reports (as resends of the gap), each once, and nothing it had.
 */

const TIMEOUT = 180_000;
const ADMIN = { email: 'admin@fix-recovery.test', password: 'recovery-password-123' };

const config = {
  ...twoDeskTradingConfig({ '*': { 'max-order-qty': { maxQuantity: '1000000' } } }, 29),
  fix: {
    acceptor: {
      port: 0,
      sessions: [{ senderCompId: 'QMO', targetCompId: 'CLIENT9', user: ADMIN.email, accounts: ['A1'] }],
    },
  },
};

const reportKey = (f: Frame) => [f.get(37), f.get(11), f.get(150), f.get(39), f.get(14), f.get(17)].join(' ');

describe('FIX gateway: order changes committed just before a crash are reported after the restart', {
  timeout: TIMEOUT,
}, () => {
  const data = tempDataDir();
  const env = { QMO_ADMIN_EMAIL: ADMIN.email, QMO_ADMIN_PASSWORD: ADMIN.password };
  const hosts: RunningHost[] = [];
  const clients: FixTestClient[] = [];

  afterAll(async () => {
    for (const c of clients) await c.stop().catch(() => {});
    for (const h of hosts) await h.close().catch(() => {});
    data.remove();
  }, TIMEOUT);

  const start = async () => {
    const host = await startTestHost({ dataDir: data.dir, uiDir: null, env, config });
    hosts.push(host);
    await host.ready;
    return host;
  };
  const store = new MemoryMessageStore();
  const connect = async (host: RunningHost) => {
    const client = new FixTestClient({
      port: host.fixPort!,
      senderCompId: 'CLIENT9',
      targetCompId: 'QMO',
      store,
    });
    clients.push(client);
    await client.logon();
    return client;
  };

  it('sends the missing fill and state change once, in order, and nothing twice', async () => {
    // ── First life: three resting orders, each reported New ─────────────────────────────────────
    let host = await start();
    let client = await connect(host);
    for (const [id, qty] of [
      ['r-1', '1'],
      ['r-2', '2'],
      ['r-3', '3'],
    ] as const) {
      client.send('D', [
        [11, id],
        [21, '1'],
        [55, 'AAPL'],
        [54, '1'],
        [38, qty],
        [40, '2'],
        [44, '1.00'],
        [59, '1'],
      ]);
      await client.waitFor(isER(id, '0'), `New of ${id}`);
    }
    const before = client.appFrames().filter((f) => f.get(35) === '8');
    const orderIdOf = new Map(before.map((f) => [f.get(11)!, f.get(37)!]));
    await client.stop();
    await host.close();

    // ── The crash window: committed, never reported ─────────────────────────────────────────────
    const database = await openDatabase({ dataDir: data.dir });
    try {
      const { db } = database;
      const now = Date.now();
      const where = (clOrdId: string) =>
        and(eq(dbSchema.orders.account, 'A1'), eq(dbSchema.orders.clientOrderId, clOrdId));
      await new DrizzleFixStore(db).setPending('A1', 'r-1', {
        kind: 'cancel',
        clOrdId: 'c-1',
        origClOrdId: 'r-1',
      });
      await db.update(dbSchema.orders).set({ state: 'PendingCancel', updatedAt: now }).where(where('r-1'));
      await db.insert(dbSchema.executions).values({
        executionId: 'x-2',
        orderId: orderIdOf.get('r-2')!,
        clientOrderId: 'r-2',
        account: 'A1',
        instrument: 'AAPL',
        side: 'buy',
        price: '1',
        quantity: '2',
        fee: '0',
        feeCurrency: 'USD',
        liquidity: 'maker',
        venue: 'sim',
        ts: now,
      });
      await db
        .update(dbSchema.orders)
        .set({ state: 'Filled', cumQuantity: '2', leavesQuantity: '0', avgPrice: '1', updatedAt: now })
        .where(where('r-2'));
    } finally {
      await database.close();
    }

    // ── Second life: the client logs on; the gap it sees is resent ──────────────────────────────
    host = await start();
    client = await connect(host);
    const fill = await client.waitFor((f) => f.get(35) === '8' && f.get(17) === 'T-x-2', 'the fill of r-2');
    expect([
      fill.get(11),
      fill.get(150),
      fill.get(39),
      fill.get(32),
      fill.get(31),
      fill.get(14),
      fill.get(151),
    ]).toEqual(['r-2', 'F', '2', '2', '1', '2', '0']);
    // r-1's cancel goes to the venue again at start; its reports carry the cancel's ClOrdID.
    const canceled = await client.waitFor(isER('c-1', '4'), 'Canceled of r-1 with the cancel ClOrdID');
    expect([canceled.get(37), canceled.get(41)]).toEqual([orderIdOf.get('r-1'), 'r-1']);

    // Let the session settle (a heartbeat round trip), then look at everything reported after the restart.
    client.send('1', [[112, 'settle']]);
    await client.waitFor((f) => f.get(35) === '0' && f.get(112) === 'settle', 'the heartbeat');
    const after = client.appFrames().filter((f) => f.get(35) === '8');
    const keys = after.map(reportKey);
    expect(new Set(keys).size).toBe(keys.length); // nothing twice
    const execIds = after.map((f) => f.get(17));
    expect(new Set(execIds).size).toBe(execIds.length);
    // Nothing already reported comes again: no New of r-1..r-3, nothing about r-3.
    expect(after.filter((f) => f.get(150) === '0')).toEqual([]);
    expect(after.filter((f) => f.get(37) === orderIdOf.get('r-3'))).toEqual([]);
    // r-1: (PendingCancel, if the venue had not canceled it before the gateway started) then Canceled, each once.
    const r1 = after.filter((f) => f.get(37) === orderIdOf.get('r-1'));
    expect(r1.map((f) => f.get(150)).join('')).toMatch(/^6?4$/);
    expect(r1.every((f) => f.get(11) === 'c-1' && f.get(41) === 'r-1')).toBe(true);
    // r-2: only its fill.
    expect(after.filter((f) => f.get(37) === orderIdOf.get('r-2')).map((f) => f.get(150))).toEqual(['F']);
  });
});
