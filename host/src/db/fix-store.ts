import { type Execution, FINAL_ORDER_STATES, type Order, type OrderState } from '@qmo/sdk';
import { and, asc, eq, gte, inArray, isNotNull, lt, ne, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { QmoDatabase } from './database.js';
import { fixMessages, fixOrderLinks } from './fix-schema.js';
import { rowToExecution, rowToOrder } from './trading-rows.js';
import { executions, orders } from './trading-schema.js';

/** One FIX frame as logged. */
export interface FixMessageRecord {
  id: number;
  sessionId: string;
  direction: 'in' | 'out';
  seq: number;
  msgType: string;
  /** The frame as on the wire (latin1, SOH separators). */
  raw: string;
  ts: number;
}

export type NewFixMessage = Omit<FixMessageRecord, 'id'>;

export interface FixMessageQuery {
  sessionId: string;
  /** ts ≥ from (epoch ms). */
  from?: number;
  /** ts < to (epoch ms). */
  to?: number;
  /** At most this many, oldest first. */
  limit: number;
}

const FINAL_STATES = [...FINAL_ORDER_STATES];

/**
 * The FIX session named by an order's actor (`user:<id> via fix:<session id>`), '' when none: the
 * order itself says which session entered it, committed with it, link row or not.
 */
const actorSession = sql<string>`split_part(${orders.submittedBy}, ' via fix:', 2)`;

/** The link row of an order, when there is one (left join). */
const linkOfOrder = and(
  eq(fixOrderLinks.account, orders.account),
  eq(fixOrderLinks.clientOrderId, orders.clientOrderId),
);

/** The columns an order's session and pending change are read from (`sessionOfRow`, `pendingOf`). */
const linkColumns = {
  actorSession,
  linkSession: fixOrderLinks.sessionId,
  pendingKind: fixOrderLinks.pendingKind,
  pendingClOrdId: fixOrderLinks.pendingClOrdId,
  pendingOrigClOrdId: fixOrderLinks.pendingOrigClOrdId,
};

/** The session of an order: the one its actor names, else its link row's. */
function sessionOfRow(r: { actorSession: string; linkSession: string | null }): string | null {
  return r.actorSession !== '' ? r.actorSession : r.linkSession;
}

/** A cancel or replace a FIX session asked for: its ClOrdID (11) and OrigClOrdID (41). */
export interface FixPendingChange {
  kind: 'cancel' | 'replace';
  clOrdId: string;
  origClOrdId: string;
}

/** The link of an order still working, with the change its session last asked for. */
export interface WorkingLink {
  account: string;
  clientOrderId: string;
  sessionId: string;
  orderId: string;
  state: OrderState;
  pending: FixPendingChange | null;
}

function pendingOf(r: {
  pendingKind: 'cancel' | 'replace' | null;
  pendingClOrdId: string | null;
  pendingOrigClOrdId: string | null;
}): FixPendingChange | null {
  if (r.pendingKind === null || r.pendingClOrdId === null || r.pendingOrigClOrdId === null) return null;
  return { kind: r.pendingKind, clOrdId: r.pendingClOrdId, origClOrdId: r.pendingOrigClOrdId };
}

/** The FIX gateway's tables: the append-only message log and the order → session links. */
export class DrizzleFixStore {
  constructor(private readonly db: QmoDatabase) {}

  /** Appends messages in one statement (in the order given). */
  async appendMessages(messages: readonly NewFixMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.db.insert(fixMessages).values([...messages]);
  }

  async messages(query: FixMessageQuery): Promise<FixMessageRecord[]> {
    const filters: SQL[] = [eq(fixMessages.sessionId, query.sessionId)];
    if (query.from !== undefined) filters.push(gte(fixMessages.ts, query.from));
    if (query.to !== undefined) filters.push(lt(fixMessages.ts, query.to));
    return this.db
      .select()
      .from(fixMessages)
      .where(and(...filters))
      .orderBy(asc(fixMessages.id))
      .limit(query.limit);
  }

  /**
   * Claims the ClOrdID `clientOrderId` of `account` for `sessionId` (the new ClOrdID of a replace,
   * before it goes to the engine). Returns the session linked to it: this one, or the one that used
   * the ClOrdID first. A NewOrderSingle is linked after its submission (`linkOrders`).
   */
  async link(account: string, clientOrderId: string, sessionId: string, ts: number): Promise<string> {
    const inserted = await this.db
      .insert(fixOrderLinks)
      .values({ account, clientOrderId, sessionId, createdAt: ts })
      .onConflictDoNothing({ target: [fixOrderLinks.account, fixOrderLinks.clientOrderId] })
      .returning({ sessionId: fixOrderLinks.sessionId });
    if (inserted[0]) return inserted[0].sessionId;
    const [existing] = await this.db
      .select({ sessionId: fixOrderLinks.sessionId })
      .from(fixOrderLinks)
      .where(and(eq(fixOrderLinks.account, account), eq(fixOrderLinks.clientOrderId, clientOrderId)));
    return existing?.sessionId ?? sessionId;
  }

  /**
   * Links orders to the sessions that entered them, in one statement (after their submission, in the
   * background: the order's actor already names its session); a ClOrdID linked before keeps its link.
   */
  async linkOrders(
    links: readonly { account: string; clientOrderId: string; sessionId: string; ts: number }[],
  ): Promise<void> {
    if (links.length === 0) return;
    await this.db
      .insert(fixOrderLinks)
      .values(links.map(({ ts, ...l }) => ({ ...l, createdAt: ts })))
      .onConflictDoNothing({ target: [fixOrderLinks.account, fixOrderLinks.clientOrderId] });
  }

  /**
   * Records the cancel or replace a session asked for on an order (before it goes to the engine), or
   * clears it (null). With `link` the order's link row is created when missing (an order entered by
   * a NewOrderSingle whose link is still being written); without it, a no-op for an order that has
   * no link row.
   */
  async setPending(
    account: string,
    clientOrderId: string,
    change: FixPendingChange | null,
    link?: { sessionId: string; ts: number },
  ): Promise<void> {
    const pending = {
      pendingKind: change?.kind ?? null,
      pendingClOrdId: change?.clOrdId ?? null,
      pendingOrigClOrdId: change?.origClOrdId ?? null,
    };
    if (link) {
      await this.db
        .insert(fixOrderLinks)
        .values({ account, clientOrderId, sessionId: link.sessionId, createdAt: link.ts, ...pending })
        .onConflictDoUpdate({ target: [fixOrderLinks.account, fixOrderLinks.clientOrderId], set: pending });
      return;
    }
    await this.db
      .update(fixOrderLinks)
      .set(pending)
      .where(and(eq(fixOrderLinks.account, account), eq(fixOrderLinks.clientOrderId, clientOrderId)));
  }

  /**
   * The orders still working that a FIX session entered (its actor names the session, or a link row
   * does), with the change the session last asked for: what the gateway needs after a restart.
   */
  async workingLinks(): Promise<WorkingLink[]> {
    const rows = await this.db
      .select({
        account: orders.account,
        clientOrderId: orders.clientOrderId,
        orderId: orders.orderId,
        state: orders.state,
        ...linkColumns,
      })
      .from(orders)
      .leftJoin(fixOrderLinks, linkOfOrder)
      .where(
        and(
          notInArray(orders.state, FINAL_STATES),
          or(isNotNull(fixOrderLinks.sessionId), ne(actorSession, '')),
        ),
      );
    return rows.flatMap((r) => {
      const sessionId = sessionOfRow(r);
      if (sessionId === null) return [];
      return [
        {
          account: r.account,
          clientOrderId: r.clientOrderId,
          sessionId,
          orderId: r.orderId,
          state: r.state as OrderState,
          pending: pendingOf(r),
        },
      ];
    });
  }

  /**
   * The orders a session entered (its actor names the session, or a link row does) that changed at
   * or after `since` (epoch ms), oldest first, with the change the session last asked for on each:
   * what a restart compares with the session's store.
   */
  async linkedOrdersSince(
    sessionId: string,
    since: number,
  ): Promise<{ order: Order; pending: FixPendingChange | null }[]> {
    const rows = await this.db
      .select({
        order: orders,
        ...linkColumns,
      })
      .from(orders)
      .leftJoin(fixOrderLinks, linkOfOrder)
      .where(
        and(
          gte(orders.updatedAt, since),
          or(eq(actorSession, sessionId), eq(fixOrderLinks.sessionId, sessionId)),
        ),
      )
      .orderBy(asc(orders.createdAt), asc(orders.orderId));
    return rows
      .filter((r) => sessionOfRow(r) === sessionId)
      .map((r) => ({ order: rowToOrder(r.order), pending: pendingOf(r) }));
  }

  /** The executions of these orders, in the order they happened. */
  async executionsOf(orderIds: readonly string[]): Promise<Execution[]> {
    if (orderIds.length === 0) return [];
    const rows = await this.db
      .select()
      .from(executions)
      .where(inArray(executions.orderId, [...orderIds]))
      .orderBy(asc(executions.ts), asc(executions.executionId));
    return rows.map(rowToExecution);
  }

  /** The session that entered an order, if a FIX session did (its actor names it, or a link row does). */
  async sessionOf(account: string, clientOrderId: string): Promise<string | null> {
    const [order] = await this.db
      .select({ actorSession })
      .from(orders)
      .where(and(eq(orders.account, account), eq(orders.clientOrderId, clientOrderId)))
      .limit(1);
    if (order && order.actorSession !== '') return order.actorSession;
    const [row] = await this.db
      .select({ sessionId: fixOrderLinks.sessionId })
      .from(fixOrderLinks)
      .where(and(eq(fixOrderLinks.account, account), eq(fixOrderLinks.clientOrderId, clientOrderId)))
      .limit(1);
    return row?.sessionId ?? null;
  }

  /** The order with this clientOrderId in the account, however it was entered. */
  async orderByClientId(account: string, clientOrderId: string): Promise<Order | null> {
    const [row] = await this.db
      .select()
      .from(orders)
      .where(and(eq(orders.account, account), eq(orders.clientOrderId, clientOrderId)))
      .limit(1);
    return row ? rowToOrder(row) : null;
  }
}
