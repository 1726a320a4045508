import type { SQL } from 'drizzle-orm';
import type { QmoTransaction } from './audit-append.js';

/**
 * Sends a statement now and returns a promise to await later: a driver that pipelines
 * (postgres-js) sends the statements issued meanwhile behind it without waiting for its answer,
 * and the server still runs them in order. The promise is observed at once, so a failure never
 * becomes an unhandled rejection before it is awaited.
 */
export function sendNow(tx: QmoTransaction, statement: SQL): Promise<void> {
  const sent = tx.execute(statement).then(() => undefined);
  sent.catch(() => {});
  return sent;
}
