import type { FixMessageView } from '../message-view.js';
import type { FixSchedule } from '../session/schedule.js';
import type { FixSession, FixSessionSettings } from '../session/session.js';
import type { MessageStore } from '../session/store.js';

/** What an application (the host gateway, a venue adapter, the reflector) gets from a session. */
export interface FixApplication {
  onLogon?(session: FixSession): void;
  onLogout?(session: FixSession): void;
  /** An application message in sequence; the view is valid only during the call. */
  onMessage(view: FixMessageView, session: FixSession): void;
  /**
   * A session-level Reject (35=3) from the counterparty, in sequence: RefSeqNum (45) is the MsgSeqNum
   * of our refused message (in the session's store), 373 the reason, 58 the text. The view is valid
   * only during the call.
   */
  onSessionReject?(view: FixMessageView, session: FixSession): void;
}

/** Every frame in and out of every session (admin messages included), for the message log / audit. */
export type FixMessageLog = (sessionId: string, direction: 'in' | 'out', bytes: Uint8Array) => void;

export interface FixSessionDefinition {
  /** senderCompId is OURS, targetCompId the counterparty's. */
  settings: Omit<FixSessionSettings, 'role' | 'dictionary'>;
  /** MemoryMessageStore or FileMessageStore. */
  store: MessageStore;
  application: FixApplication;
  /** Outside it: logons refused, a logged-on session logged out at the end; a new period resets sequence numbers. */
  schedule?: FixSchedule;
}
