import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * FIX gateway tables. Times are epoch milliseconds (`bigint`), as in the trading tables.
 */

/**
 * Every FIX message in and out of every acceptor session, admin messages included, for audit and
 * compliance. `raw` is the frame as on the wire (latin1, SOH separators). Append-only: a trigger
 * (migration 0005_fix_messages_append_only) refuses UPDATE, DELETE and TRUNCATE.
 */
export const fixMessages = pgTable(
  'fix_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** "FIX.4.4:<our CompID>-><their CompID>" */
    sessionId: text('session_id').notNull(),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    /** MsgSeqNum (34); 0 when the frame had none. */
    seq: integer('seq').notNull(),
    /** MsgType (35); '' when the frame had none. */
    msgType: text('msg_type').notNull(),
    raw: text('raw').notNull(),
    /** When it was received or sent. */
    ts: bigint('ts', { mode: 'number' }).notNull(),
  },
  (t) => [
    check('fix_messages_direction_check', sql`${t.direction} in ('in', 'out')`),
    index('fix_messages_session_ts_idx').on(t.sessionId, t.ts),
  ],
);

/**
 * Which FIX session entered an order: the ClOrdID (the order's clientOrderId) in its account. The
 * order's actor (`user:<id> via fix:<session id>`) names the session too, committed with the order,
 * so a NewOrderSingle's link is written after its submission, in the background, and a restart
 * falls back on the actor for an order whose link was not written. The new ClOrdID of a replace is
 * written before the replace goes to the engine. A cancel or replace the session asks for is written
 * to the order's row (created then when missing) before it goes to the engine, so its reports carry
 * the request's ClOrdID after a restart too.
 */
export const fixOrderLinks = pgTable(
  'fix_order_links',
  {
    account: text('account').notNull(),
    clientOrderId: text('client_order_id').notNull(),
    sessionId: text('session_id').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    /** The last cancel or replace the session asked for on this order (null: none). */
    pendingKind: text('pending_kind', { enum: ['cancel', 'replace'] }),
    /** Its ClOrdID (11) and OrigClOrdID (41): what the PendingCancel/Canceled reports carry. */
    pendingClOrdId: text('pending_cl_ord_id'),
    pendingOrigClOrdId: text('pending_orig_cl_ord_id'),
  },
  (t) => [primaryKey({ name: 'fix_order_links_pk', columns: [t.account, t.clientOrderId] })],
);

export const fixSchema = { fixMessages, fixOrderLinks };
