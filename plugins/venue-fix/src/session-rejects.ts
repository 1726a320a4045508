import { type FixMessageView, FixParser, type MessageStore } from '@qmo/sdk/fix';

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

/**
 * A session-level Reject (3) from the venue (the session's `onSessionReject`), with the order message
 * of ours it refuses: RefSeqNum (45) looked up among the sent messages in the session's store. None
 * when the Reject names no stored order message (an admin message, or one from before a reset).
 */
export function rejectedOrderMessage(
  view: FixMessageView,
  store: Pick<MessageStore, 'range'>,
  parser: FixParser = new FixParser(),
): { ref: SentRef; reject: SessionReject } | undefined {
  const refSeqNum = view.getInt(45);
  if (refSeqNum === undefined) return undefined;
  const reject = { refSeqNum, reason: view.getInt(373), text: view.getString(58) };
  const [stored] = store.range(refSeqNum, refSeqNum);
  if (!stored) return undefined;
  const sent = parser.parse(stored[1]);
  const msgType = sent.msgType;
  if (!ORDER_TYPES.has(msgType)) return undefined;
  const clOrdId = sent.getString(msgType === 'H' ? 790 : 11) ?? sent.getString(11);
  if (clOrdId === undefined) return undefined;
  return { ref: { msgType, clOrdId }, reject };
}
