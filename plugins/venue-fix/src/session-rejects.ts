import { FixParser } from '@qmo/sdk/fix';

/** An order message we sent, as a session-level Reject (3) names it by its MsgSeqNum. */
export interface SentRef {
  msgType: string;
  clOrdId: string;
}

export interface SessionReject {
  refSeqNum: number;
  reason?: number | undefined;
  text?: string | undefined;
}

const ORDER_TYPES = new Set(['D', 'F', 'G', 'H']);
const KEEP = 10_000;

/**
 * The session answers a malformed message with a Reject (3) and keeps it from the application; this
 * watches the frames both ways so a Reject of one of our order messages reaches its order.
 */
export class SessionRejects {
  private readonly parser = new FixParser();
  private readonly sent = new Map<number, SentRef>();

  constructor(private readonly onReject: (ref: SentRef, reject: SessionReject) => void) {}

  frame(direction: 'in' | 'out', bytes: Uint8Array): void {
    const view = this.parser.parse(bytes);
    const msgType = view.msgType;
    if (direction === 'out') {
      if (!ORDER_TYPES.has(msgType)) return;
      const seq = view.getInt(34);
      const clOrdId = view.getString(msgType === 'H' ? 790 : 11) ?? view.getString(11);
      if (seq === undefined || clOrdId === undefined) return;
      this.sent.set(seq, { msgType, clOrdId });
      if (this.sent.size > KEEP) this.sent.delete(this.sent.keys().next().value ?? 0);
      return;
    }
    if (msgType !== '3') return;
    const refSeqNum = view.getInt(45);
    const ref = refSeqNum === undefined ? undefined : this.sent.get(refSeqNum);
    if (!ref || refSeqNum === undefined) return;
    this.sent.delete(refSeqNum);
    this.onReject(ref, { refSeqNum, reason: view.getInt(373), text: view.getString(58) });
  }
}
