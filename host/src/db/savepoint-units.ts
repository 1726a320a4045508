import { sql } from 'drizzle-orm';
import type { QmoTransaction } from './audit-append.js';
import type { UnitOutcome } from './group-commit.js';
import { sendNow } from './send-now.js';

/** What a unit's context keeps besides the database (held-back rows): saved and restored around it. */
export interface UnitState<M> {
  mark(): M;
  reset(mark: M): void;
}

const SAVEPOINT = sql.raw('savepoint qmo_unit');
const RELEASE = sql.raw('release savepoint qmo_unit');
const ROLLBACK = sql.raw('rollback to savepoint qmo_unit');

/**
 * Runs the units of a group one after another in `dbTx`, each in a savepoint: a unit that fails is
 * rolled back to its savepoint (and `context` to where it stood) and the others go on.
 *
 * SAVEPOINT and RELEASE are not awaited before the next statement: a driver that pipelines
 * (postgres-js) sends them with the unit's first statement instead of a round trip each. One that
 * fails leaves the transaction aborted, so the statements after it fail too; its error is thrown at
 * the end (the whole group fails, nothing commits). A savepoint that cannot be rolled back to fails
 * the group at once.
 */
export async function runInSavepoints<C extends UnitState<M>, M>(
  dbTx: QmoTransaction,
  context: C,
  works: readonly ((context: C) => Promise<unknown>)[],
): Promise<UnitOutcome[]> {
  const results: UnitOutcome[] = [];
  const inFlight: Promise<void>[] = [];
  for (const work of works) {
    const mark = context.mark();
    inFlight.push(sendNow(dbTx, SAVEPOINT));
    try {
      const value = await work(context);
      inFlight.push(sendNow(dbTx, RELEASE));
      results.push({ ok: true, value });
    } catch (error) {
      await Promise.all(inFlight.splice(0));
      await dbTx.execute(ROLLBACK);
      await dbTx.execute(RELEASE);
      context.reset(mark);
      results.push({ ok: false, error });
    }
  }
  await Promise.all(inFlight);
  return results;
}
