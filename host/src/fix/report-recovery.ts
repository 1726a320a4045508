import { randomUUID } from 'node:crypto';
import type { MessageStore } from '@qmo/sdk/fix';
import type { DrizzleFixStore } from '../db/index.js';
import type { Fields } from './fields.js';
import { missingReports } from './missing-reports.js';
import { sentReports } from './sent-reports.js';

/** What a recovery reported: later bus events about these orders up to then are not reported again. */
export interface Recovered {
  /** Order id → its updatedAt as compared. */
  orders: Map<string, number>;
  /** ExecIDs of the fills reported now. */
  fillExecIds: Set<string>;
  /** Messages sent. */
  sent: number;
}

export interface RecoverOptions {
  sessionId: string;
  store: Pick<MessageStore, 'range' | 'nextSenderSeqNum' | 'creationTime'>;
  db: Pick<DrizzleFixStore, 'linkedOrdersSince' | 'executionsOf'>;
  /** `FixSession.sendApplication` (while the client is logged out: stored for its ResendRequest). */
  send(msgType: string, body: Fields): void;
  now: number;
  newId?: () => string;
}

/**
 * At gateway start: an order change the engine committed just before a crash may never have been
 * reported. Every order the session entered that changed since its store was created is compared
 * with what the store shows was sent (fills by ExecID, the last OrdStatus), and what is missing is
 * sent now, order by order in the order they were created.
 */
export async function recoverReports(options: RecoverOptions): Promise<Recovered> {
  const since = options.store.creationTime?.() ?? 0;
  const linked = await options.db.linkedOrdersSince(options.sessionId, since);
  const recovered: Recovered = { orders: new Map(), fillExecIds: new Set(), sent: 0 };
  if (linked.length === 0) return recovered;
  const executions = await options.db.executionsOf(linked.map((l) => l.order.orderId));
  const sent = sentReports(options.store);
  const clOrdIdOf = new Map(linked.map((l) => [l.order.orderId, l.order.clientOrderId]));
  const newId = options.newId ?? randomUUID;
  for (const { order, pending } of linked) {
    const reports = missingReports(
      {
        order,
        executions: executions.filter((e) => e.orderId === order.orderId),
        sent: sent.byOrderId.get(order.orderId),
        pending,
        replacedClOrdId: order.replaces !== undefined ? clOrdIdOf.get(order.replaces) : undefined,
      },
      options.now,
      newId,
    );
    recovered.orders.set(order.orderId, order.updatedAt);
    for (const report of reports) {
      options.send(report.msgType, report.body);
      if (report.fillExecId !== undefined) recovered.fillExecIds.add(report.fillExecId);
      recovered.sent++;
    }
  }
  return recovered;
}
