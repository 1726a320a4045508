import { FixParser, type MessageStore } from '@qmo/sdk/fix';

/** What a session's store shows was reported of one order (by OrderID 37). */
export interface SentOrderState {
  /** OrdStatus (39) of the last ExecutionReport. */
  ordStatus: string;
  /** CumQty (14) of the last ExecutionReport. */
  cumQty: string;
  /** ExecIDs (17) of the fills reported (ExecType F). */
  fillExecIds: Set<string>;
}

export interface SentReports {
  byOrderId: Map<string, SentOrderState>;
  /** ClOrdIDs (11) named by an ExecutionReport or an OrderCancelReject. */
  clOrdIds: Set<string>;
}

/**
 * Reads the ExecutionReports and OrderCancelRejects a session sent back from its message store (every
 * frame sent since the store was created or reset, in sequence order).
 */
export function sentReports(store: Pick<MessageStore, 'range' | 'nextSenderSeqNum'>): SentReports {
  const parser = new FixParser();
  const out: SentReports = { byOrderId: new Map(), clOrdIds: new Set() };
  for (const [, bytes] of store.range(1, store.nextSenderSeqNum() - 1)) {
    const view = parser.parse(bytes);
    const msgType = view.msgType;
    if (msgType !== '8' && msgType !== '9') continue;
    const clOrdId = view.getString(11);
    if (clOrdId !== undefined) out.clOrdIds.add(clOrdId);
    const orderId = view.getString(37);
    if (msgType !== '8' || orderId === undefined || orderId === 'NONE') continue;
    let state = out.byOrderId.get(orderId);
    if (!state) {
      state = { ordStatus: '', cumQty: '0', fillExecIds: new Set() };
      out.byOrderId.set(orderId, state);
    }
    state.ordStatus = view.getString(39) ?? state.ordStatus;
    state.cumQty = view.getString(14) ?? state.cumQty;
    const execId = view.getString(17);
    if (view.getString(150) === 'F' && execId !== undefined) state.fillExecIds.add(execId);
  }
  return out;
}
