import type { TradingTx } from '@qmo/core';
import type { AuditRecord } from '@qmo/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DrizzleAuditJournal, DrizzleTradingStore } from '../../src/db/index.js';
import { backends, STORAGE_TIMEOUT, type TestDatabase } from './backends.js';
import { minimalOrder, T0, verdict } from './trading.fixture.js';

/** A unit of work: stores order `n` and audits it. */
const placeOrder = (n: number) => async (tx: TradingTx) => {
  const order = minimalOrder({ orderId: `ord-${n}`, clientOrderId: `cl-${n}` });
  await tx.insertOrder(order);
  await tx.recordRiskVerdicts([verdict({ orderId: order.orderId, clientOrderId: order.clientOrderId })]);
  await tx.audit({ ts: T0, actor: 'test', action: 'order.new', subject: order.orderId, payload: { n } });
  return n;
};

describe.each(backends)(
  'group commit of DrizzleTradingStore on $name',
  { timeout: STORAGE_TIMEOUT },
  (backend) => {
    let database: TestDatabase;
    let journal: DrizzleAuditJournal;

    beforeAll(async () => {
      database = await backend.open();
      journal = new DrizzleAuditJournal(database.db);
    }, STORAGE_TIMEOUT);
    afterAll(async () => {
      await database?.close();
    }, STORAGE_TIMEOUT);
    beforeEach(async () => {
      await database.truncate();
      vi.restoreAllMocks();
    });

    const seqs = async () => {
      const seen: number[] = [];
      for await (const record of journal.read()) seen.push(record.seq);
      return seen;
    };

    it('commits the units submitted while a transaction runs together, in the next transaction', async () => {
      const store = new DrizzleTradingStore(database.db);
      const transactions = vi.spyOn(database.db, 'transaction');
      const values = await Promise.all(
        Array.from({ length: 20 }, (_, n) => store.transaction(placeOrder(n))),
      );
      expect(values).toEqual(Array.from({ length: 20 }, (_, n) => n));
      // The first unit found the store idle and ran alone; the 19 others queued behind it ran as one group.
      expect(transactions).toHaveBeenCalledTimes(2);
      expect(await seqs()).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
      const records: AuditRecord[] = [];
      for await (const record of journal.read()) records.push(record);
      expect(records.map((r) => r.payload)).toEqual(Array.from({ length: 20 }, (_, n) => ({ n })));
      expect(await journal.verify()).toMatchObject({ ok: true, records: 20 });
    });

    it('rolls a failing unit back alone: its writes and audit records are gone, the others commit', async () => {
      const announced: number[] = [];
      const store = new DrizzleTradingStore(database.db, { onAudit: (r) => announced.push(r.seq) });
      const failure = new Error('unit 3 fails after writing');
      const outcomes = await Promise.allSettled([
        store.transaction(placeOrder(0)),
        store.transaction(placeOrder(1)),
        store.transaction(placeOrder(2)),
        store.transaction(async (tx) => {
          await placeOrder(3)(tx);
          throw failure;
        }),
        // A statement the database refuses (the client order id of unit 1 again): rolled back alone too.
        store.transaction(async (tx) => {
          await tx.audit({ ts: T0, actor: 'test', action: 'order.new', payload: { n: 4 } });
          await tx.insertOrder(
            minimalOrder({ orderId: 'ord-4', clientOrderId: 'cl-4', quantity: 'x' as never }),
          );
        }),
        store.transaction(placeOrder(5)),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'rejected',
        'rejected',
        'fulfilled',
      ]);
      expect(outcomes[3]).toMatchObject({ status: 'rejected', reason: failure });
      for (const n of [0, 1, 2, 5]) expect(await store.order(`ord-${n}`)).not.toBeNull();
      for (const n of [3, 4]) expect(await store.order(`ord-${n}`)).toBeNull();
      for (const n of [0, 1, 2, 5]) expect(await store.riskVerdicts(`ord-${n}`)).toHaveLength(1);
      expect(await store.riskVerdicts('ord-3')).toEqual([]);
      const payloads: unknown[] = [];
      for await (const record of journal.read()) payloads.push(record.payload);
      expect(payloads).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }, { n: 5 }]);
      expect(await seqs()).toEqual([1, 2, 3, 4]);
      expect(announced).toEqual([1, 2, 3, 4]);
      expect(await journal.verify()).toMatchObject({ ok: true, records: 4 });
    });

    it('rolls a unit alone back when it is the only one of its group', async () => {
      const store = new DrizzleTradingStore(database.db);
      await expect(
        store.transaction(async (tx) => {
          await placeOrder(0)(tx);
          throw new Error('alone');
        }),
      ).rejects.toThrow('alone');
      await store.transaction(placeOrder(1));
      expect(await store.order('ord-0')).toBeNull();
      expect(await seqs()).toEqual([1]);
      expect(await journal.verify()).toMatchObject({ ok: true, records: 1 });
    });

    it('resolves a unit only once its group committed', async () => {
      const store = new DrizzleTradingStore(database.db);
      const seen: (boolean | null)[] = [];
      await Promise.all(
        Array.from({ length: 5 }, (_, n) =>
          store.transaction(placeOrder(n)).then(async () => {
            seen.push((await store.order(`ord-${n}`)) !== null);
          }),
        ),
      );
      expect(seen).toEqual([true, true, true, true, true]);
    });

    it('keeps the chain gapless with units from several stores and direct journal appends at once', async () => {
      const other = (await database.openAnother?.()) ?? null;
      try {
        const stores = [
          new DrizzleTradingStore(database.db),
          new DrizzleTradingStore((other ?? database).db),
        ];
        const otherJournal = new DrizzleAuditJournal((other ?? database).db);
        await Promise.all([
          ...Array.from({ length: 60 }, (_, n) => stores[n % 2]!.transaction(placeOrder(n))),
          ...Array.from({ length: 10 }, (_, n) =>
            (n % 2 === 0 ? journal : otherJournal).append({
              ts: T0,
              actor: 'test',
              action: 'note',
              payload: { n },
            }),
          ),
        ]);
        expect(await seqs()).toEqual(Array.from({ length: 70 }, (_, n) => n + 1));
        expect(await journal.verify()).toMatchObject({ ok: true, records: 70 });
        for (let n = 0; n < 60; n++) expect(await stores[0]!.order(`ord-${n}`)).not.toBeNull();
      } finally {
        await other?.close();
      }
    });
  },
);
