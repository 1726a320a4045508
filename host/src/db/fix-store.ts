import { type Execution, FINAL_ORDER_STATES, type Order, type OrderState } from '@qmo/sdk';
import { and, asc, eq, gte, inArray, lt, notInArray, type SQL } from 'drizzle-orm';
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
   * Records that `sessionId` entered the order `clientOrderId` of `account` (before it is submitted).
   * Returns the session linked to it: this one, or the one that used the ClOrdID first.
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
   * Records the cancel or replace a session asked for on an order (before it goes to the engine), or
   * clears it (null). No-op for an order no session entered.
   */
  async setPending(account: string, clientOrderId: string, change: FixPendingChange | null): Promise<void> {
    await this.db
      .update(fixOrderLinks)
      .set({
        pendingKind: change?.kind ?? null,
        pendingClOrdId: change?.clOrdId ?? null,
        pendingOrigClOrdId: change?.origClOrdId ?? null,
      })
      .where(and(eq(fixOrderLinks.account, account), eq(fixOrderLinks.clientOrderId, clientOrderId)));
  }

  /** The links of the orders still working (what the gateway needs after a restart). */
  async workingLinks(): Promise<WorkingLink[]> {
    const rows = await this.db
      .select({
        account: fixOrderLinks.account,
        clientOrderId: fixOrderLinks.clientOrderId,
        sessionId: fixOrderLinks.sessionId,
        orderId: orders.orderId,
        state: orders.state,
        pendingKind: fixOrderLinks.pendingKind,
        pendingClOrdId: fixOrderLinks.pendingClOrdId,
        pendingOrigClOrdId: fixOrderLinks.pendingOrigClOrdId,
      })
      .from(fixOrderLinks)
      .innerJoin(
        orders,
        and(eq(orders.account, fixOrderLinks.account), eq(orders.clientOrderId, fixOrderLinks.clientOrderId)),
      )
      .where(notInArray(orders.state, FINAL_STATES));
    return rows.map((r) => ({
      account: r.account,
      clientOrderId: r.clientOrderId,
      sessionId: r.sessionId,
      orderId: r.orderId,
      state: r.state as OrderState,
      pending: pendingOf(r),
    }));
  }

  /**
   * The orders a session entered that changed at or after `since` (epoch ms), oldest first, with the
   * change the session last asked for on each: what a restart compares with the session's store.
   */
  async linkedOrdersSince(
    sessionId: string,
    since: number,
  ): Promise<{ order: Order; pending: FixPendingChange | null }[]> {
    const rows = await this.db
      .select({
        order: orders,
        pendingKind: fixOrderLinks.pendingKind,
        pendingClOrdId: fixOrderLinks.pendingClOrdId,
        pendingOrigClOrdId: fixOrderLinks.pendingOrigClOrdId,
      })
      .from(fixOrderLinks)
      .innerJoin(
        orders,
        and(eq(orders.account, fixOrderLinks.account), eq(orders.clientOrderId, fixOrderLinks.clientOrderId)),
      )
      .where(and(eq(fixOrderLinks.sessionId, sessionId), gte(orders.updatedAt, since)))
      .orderBy(asc(orders.createdAt), asc(orders.orderId));
    return rows.map((r) => ({ order: rowToOrder(r.order), pending: pendingOf(r) }));
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

  /** The session that entered an order, if a FIX session did. */
  async sessionOf(account: string, clientOrderId: string): Promise<string | null> {
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
