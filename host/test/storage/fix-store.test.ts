import { silentLogger, systemClock } from '@qmo/sdk';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DrizzleFixStore, DrizzleTradingStore, type NewFixMessage } from '../../src/db/index.js';
import { FixMessageLog } from '../../src/fix/message-log.js';
import { backends, STORAGE_TIMEOUT, type TestDatabase } from './backends.js';
import { messages, minimalOrder, T0 } from './trading.fixture.js';

const SESSION = 'FIX.4.4:QMO->CLIENT1';
const frame = (seq: number, msgType: string, extra = '') =>
  `8=FIX.4.4\u00019=50\u000135=${msgType}\u000134=${seq}\u000149=QMO\u000156=CLIENT1\u0001${extra}10=000\u0001`;

describe.each(backends)(
  'FIX message log and order links on $name',
  { timeout: STORAGE_TIMEOUT },
  (backend) => {
    let database: TestDatabase;
    let store: DrizzleFixStore;

    beforeAll(async () => {
      database = await backend.open();
      store = new DrizzleFixStore(database.db);
    }, STORAGE_TIMEOUT);
    afterAll(async () => {
      await database?.close();
    }, STORAGE_TIMEOUT);
    beforeEach(async () => {
      await database.truncate();
    });

    it('appends messages and reads them back by session and time, oldest first, exactly as sent', async () => {
      const rows: NewFixMessage[] = [1, 2, 3, 4].map((seq) => ({
        sessionId: seq === 3 ? 'FIX.4.4:QMO->OTHER' : SESSION,
        direction: seq % 2 === 0 ? 'out' : 'in',
        seq,
        msgType: seq === 1 ? 'A' : '8',
        raw: frame(seq, seq === 1 ? 'A' : '8', '58=café ü\u0001'),
        ts: T0 + seq,
      }));
      await store.appendMessages(rows);
      const all = await store.messages({ sessionId: SESSION, limit: 100 });
      expect(all.map(({ id: _id, ...rest }) => rest)).toEqual(rows.filter((r) => r.sessionId === SESSION));
      expect(await store.messages({ sessionId: SESSION, from: T0 + 2, to: T0 + 4, limit: 100 })).toEqual([
        expect.objectContaining({ seq: 2 }),
      ]);
      expect(await store.messages({ sessionId: SESSION, limit: 1 })).toEqual([
        expect.objectContaining({ seq: 1 }),
      ]);
    });

    it('the database refuses UPDATE, DELETE and TRUNCATE of the message log', async () => {
      await store.appendMessages([
        { sessionId: SESSION, direction: 'in', seq: 1, msgType: 'A', raw: frame(1, 'A'), ts: T0 },
      ]);
      for (const statement of [
        sql`update fix_messages set raw = 'x'`,
        sql`update fix_messages set raw = 'x' where false`,
        sql`delete from fix_messages`,
        sql`truncate fix_messages`,
      ]) {
        const error = await database.db.execute(statement).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, String(statement.queryChunks[0])).not.toBeNull();
        expect(messages(error)).toContain('fix_messages is append-only');
      }
      expect(await store.messages({ sessionId: SESSION, limit: 10 })).toHaveLength(1);
    });

    it('the log hook writes in batches and a clean close loses nothing', async () => {
      const log = new FixMessageLog({ store, clock: systemClock, logger: silentLogger, batchSize: 7 });
      for (let seq = 1; seq <= 50; seq++)
        log.record(SESSION, seq % 2 ? 'in' : 'out', Buffer.from(frame(seq, seq === 1 ? 'A' : 'D'), 'latin1'));
      await log.close();
      const logged = await store.messages({ sessionId: SESSION, limit: 100 });
      expect(logged.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(logged[0]).toMatchObject({ direction: 'in', msgType: 'A', raw: frame(1, 'A') });
      expect(logged[1]).toMatchObject({ direction: 'out', msgType: 'D' });
    });

    it('links a ClOrdID to the session that used it first; working links survive, final ones are not loaded', async () => {
      expect(await store.link('A1', 'c-1', SESSION, T0)).toBe(SESSION);
      expect(await store.link('A1', 'c-1', 'FIX.4.4:QMO->OTHER', T0)).toBe(SESSION);
      expect(await store.link('A1', 'c-2', SESSION, T0)).toBe(SESSION);
      const trading = new DrizzleTradingStore(database.db);
      const working = minimalOrder({ orderId: 'o-1', clientOrderId: 'c-1', account: 'A1', state: 'New' });
      const final = minimalOrder({ orderId: 'o-2', clientOrderId: 'c-2', account: 'A1', state: 'Filled' });
      await trading.transaction(async (tx) => {
        await tx.insertOrder(working);
        await tx.insertOrder(final);
      });
      expect(await store.workingLinks()).toEqual([
        {
          account: 'A1',
          clientOrderId: 'c-1',
          sessionId: SESSION,
          orderId: 'o-1',
          state: 'New',
          pending: null,
        },
      ]);
      // The cancel a session asked for is kept with the link until cleared.
      const cancel = { kind: 'cancel', clOrdId: 'x-1', origClOrdId: 'c-1' } as const;
      await store.setPending('A1', 'c-1', cancel);
      expect((await store.workingLinks())[0]?.pending).toEqual(cancel);
      await store.setPending('A1', 'c-1', null);
      expect((await store.workingLinks())[0]?.pending).toBeNull();
      expect(await store.orderByClientId('A1', 'c-2')).toMatchObject({ orderId: 'o-2', state: 'Filled' });
      expect(await store.orderByClientId('A1', 'nope')).toBeNull();
    });

    it("an order whose link was not written (a crash right after its commit) is its actor's session's", async () => {
      const trading = new DrizzleTradingStore(database.db);
      const actor = `user:u-1 via fix:${SESSION}`;
      const working = minimalOrder({
        orderId: 'o-3',
        clientOrderId: 'c-3',
        account: 'A1',
        state: 'New',
        submittedBy: actor,
      });
      const http = minimalOrder({
        orderId: 'o-4',
        clientOrderId: 'c-4',
        account: 'A1',
        state: 'New',
        submittedBy: 'user:u-1',
      });
      await trading.transaction(async (tx) => {
        await tx.insertOrder(working);
        await tx.insertOrder(http);
      });
      expect(await store.workingLinks()).toEqual([
        {
          account: 'A1',
          clientOrderId: 'c-3',
          sessionId: SESSION,
          orderId: 'o-3',
          state: 'New',
          pending: null,
        },
      ]);
      expect((await store.linkedOrdersSince(SESSION, 0)).map((l) => l.order.orderId)).toEqual(['o-3']);
      expect(await store.linkedOrdersSince('FIX.4.4:QMO->OTHER', 0)).toEqual([]);
      expect(await store.sessionOf('A1', 'c-3')).toBe(SESSION);
      expect(await store.sessionOf('A1', 'c-4')).toBeNull();
      // A cancel asked for on it creates its link row with the change; the link written late keeps it.
      const cancel = { kind: 'cancel', clOrdId: 'x-3', origClOrdId: 'c-3' } as const;
      await store.setPending('A1', 'c-3', cancel, { sessionId: SESSION, ts: T0 });
      await store.linkOrders([{ account: 'A1', clientOrderId: 'c-3', sessionId: SESSION, ts: T0 }]);
      expect((await store.workingLinks())[0]?.pending).toEqual(cancel);
      expect((await store.linkedOrdersSince(SESSION, 0))[0]?.pending).toEqual(cancel);
    });
  },
);
