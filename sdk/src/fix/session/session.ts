import type { Clock } from '../../plugin/clock.js';
import type { Disposable } from '../../plugin/disposable.js';
import type { FixDictionary } from '../dictionary.js';
import { FixEncoder } from '../encoder.js';
import { FixCodecError } from '../errors.js';
import type { FixFieldList, FixMessageView } from '../message-view.js';
import { FixParser } from '../parser.js';
import { SESSION_REJECT_TEXT, SessionRejectReason } from '../tags.js';
import { beginStringIs, compIdProblem, FixValidator, type FixValidatorOptions } from '../validator.js';
import { decodeUtcTimestamp } from '../values.js';
import { fixSessionId } from './session-id.js';
import type { MessageStore } from './store.js';

/** Session settings, named after QuickFIX's. */
export interface FixSessionSettings {
  readonly beginString?: string;
  readonly senderCompId: string;
  readonly targetCompId: string;
  /** Seconds; an acceptor takes the counterparty's value from its Logon. Default 30. */
  readonly heartBtInt?: number;
  readonly role: 'acceptor' | 'initiator';
  readonly resetOnLogon?: boolean;
  readonly resetOnLogout?: boolean;
  readonly resetOnDisconnect?: boolean;
  /** Check SendingTime (52) against the clock. Default true. */
  readonly checkLatency?: boolean;
  /** Seconds of SendingTime tolerance. Default 120. */
  readonly maxLatency?: number;
  /** Seconds to wait for the answer to our Logout before disconnecting. Default 2. */
  readonly logoutTimeout?: number;
  readonly dictionary: FixDictionary;
  readonly validation?: FixValidatorOptions;
}

export interface FixSessionCallbacks {
  /** One complete frame to write to the connection: a fresh Buffer the callee may keep (socket.write may queue it). */
  send(bytes: Uint8Array): void;
  /** Close the connection. */
  disconnect(): void;
  /** An application message in sequence (the view is valid only during the call). */
  onApplicationMessage(view: FixMessageView): void;
  /**
   * A session-level Reject (35=3) received in sequence (after its MsgSeqNum is counted): RefSeqNum
   * (45) names the message of ours it refuses. The view is valid only during the call.
   */
  onSessionReject?(view: FixMessageView): void;
  /** Logged on / logged out, for the host (optional). */
  onLogon?(): void;
  onLogout?(): void;
}

export type FixSessionState = 'disconnected' | 'awaitingLogon' | 'loggedOn' | 'logoutSent';

const ADMIN_TYPES = new Set(['0', '1', '2', '3', '4', '5', 'A']);

/**
 * The FIX session state machine, transport-free: the host feeds it framed messages (`receive`) and
 * connection events (`connected` / `disconnected`); it answers through the callbacks. Time comes
 * from the injected clock (heartbeats, test requests, logout timeout, SendingTime checks).
 */
export class FixSession {
  readonly settings: FixSessionSettings;
  /** "FIX.4.4:ISLD->TW": our SenderCompID, then theirs. */
  readonly sessionId: string;
  private readonly clock: Clock;
  private readonly store: MessageStore;
  private readonly cb: FixSessionCallbacks;
  private readonly parser: FixParser;
  private readonly queueParser: FixParser;
  private readonly validator: FixValidator;
  private readonly encoder: FixEncoder;
  private readonly beginString: string;
  private stateValue: FixSessionState = 'disconnected';
  private heartBtInt: number;
  private lastSent = 0;
  private lastReceived = 0;
  private testRequestCounter = 0;
  private timer: Disposable | undefined;
  private logoutTimer: Disposable | undefined;
  /** Messages received ahead of sequence, by MsgSeqNum. */
  private readonly queue = new Map<number, Buffer>();
  /** End of the range we asked to be resent (0: none pending). */
  private resendEnd = 0;
  /** MsgSeqNum of the last Logon we sent. */
  private logonSeq = 0;
  /** Routing fields (115/116/144 ⇄ 128/129/145) to answer a rejected message with, if it had any. */
  private route: [number, string][] | undefined;

  constructor(
    settings: FixSessionSettings,
    clock: Clock,
    store: MessageStore,
    callbacks: FixSessionCallbacks,
  ) {
    this.settings = settings;
    this.sessionId = fixSessionId(settings);
    this.clock = clock;
    this.store = store;
    this.cb = callbacks;
    this.beginString = settings.beginString ?? 'FIX.4.4';
    this.heartBtInt = settings.heartBtInt ?? 30;
    this.parser = new FixParser({ dictionary: settings.dictionary });
    this.queueParser = new FixParser({ dictionary: settings.dictionary });
    this.validator = new FixValidator(settings.dictionary, settings.validation);
    this.encoder = new FixEncoder({ beginString: this.beginString });
  }

  get state(): FixSessionState {
    return this.stateValue;
  }
  get isLoggedOn(): boolean {
    return this.stateValue === 'loggedOn';
  }

  /** A connection is up. An initiator sends its Logon; an acceptor waits for one. */
  connected(): void {
    this.stateValue = 'awaitingLogon';
    this.lastReceived = this.clock.now();
    this.lastSent = this.clock.now();
    this.queue.clear();
    this.resendEnd = 0;
    if (this.settings.role === 'initiator') {
      if (this.settings.resetOnLogon) this.store.reset();
      this.sendLogon(this.settings.resetOnLogon === true);
    }
  }

  /** The connection went away (the transport reports it; also called after `disconnect()`). */
  disconnected(): void {
    if (this.stateValue === 'disconnected') return;
    const wasLoggedOn = this.stateValue === 'loggedOn' || this.stateValue === 'logoutSent';
    this.stateValue = 'disconnected';
    this.timer?.dispose();
    this.timer = undefined;
    this.logoutTimer?.dispose();
    this.logoutTimer = undefined;
    this.queue.clear();
    this.resendEnd = 0;
    if (this.settings.resetOnDisconnect) this.store.reset();
    if (wasLoggedOn) this.cb.onLogout?.();
  }

  /** Starts a Logout: ours first, then we wait for theirs (or the logout timeout). */
  logout(text?: string): void {
    if (this.stateValue !== 'loggedOn') return;
    this.sendLogout(text);
    this.stateValue = 'logoutSent';
    this.logoutTimer = this.clock.setTimeout(() => this.drop(), (this.settings.logoutTimeout ?? 2) * 1000);
  }

  /**
   * Sends an application message with the session header. When not logged on the message is stored
   * under the next MsgSeqNum without being sent (as QuickFIX does: the counterparty gets it by
   * ResendRequest after its next Logon) and the answer is false.
   */
  sendApplication(msgType: string, body: FixFieldList): boolean {
    const enc = this.header(msgType).fields(body);
    if (this.stateValue === 'loggedOn') {
      this.emit(enc);
      return true;
    }
    const seq = this.store.nextSenderSeqNum();
    this.store.put(seq, enc.finishCopy());
    this.store.setNextSenderSeqNum(seq + 1);
    return false;
  }

  // ---- input -------------------------------------------------------------------------------------

  /** One framed message as received. */
  receive(bytes: Uint8Array): void {
    if (this.stateValue === 'disconnected') return;
    let view: FixMessageView;
    try {
      view = this.parser.parse(bytes, 0, bytes.length, true);
    } catch (error) {
      if (!(error instanceof FixCodecError)) throw error;
      this.garbled();
      return;
    }
    this.lastReceived = this.clock.now();
    this.testRequestCounter = 0;
    this.process(view, false);
    this.drainQueue();
  }

  /**
   * Bytes that were not a message (the transport's framer reports them, or `receive` could not parse
   * them): ignored once logged on, as the session rules say; before logon the connection goes.
   */
  garbled(): void {
    if (this.stateValue === 'awaitingLogon') this.drop();
  }

  private process(view: FixMessageView, queued: boolean): void {
    const msgType = view.getString(35) ?? '';
    if (this.stateValue === 'awaitingLogon' && msgType !== 'A') {
      this.drop();
      return;
    }
    if (!beginStringIs(view, this.beginString)) {
      // Before logon there is no session to log out of: the connection just goes.
      if (this.stateValue !== 'awaitingLogon') this.sendLogout('Incorrect BeginString');
      this.drop();
      return;
    }
    const seq = view.getInt(34) ?? 0;
    if (msgType === 'A' && this.stateValue === 'awaitingLogon') {
      this.onLogon(view, seq);
      return;
    }
    if (msgType === 'A' && this.stateValue === 'loggedOn' && view.getBoolean(141) === true) {
      // ResetSeqNumFlag in session: both sides start again from 1.
      this.store.reset();
      this.queue.clear();
      this.resendEnd = 0;
      this.sendLogon(true);
      if (seq === 1) this.incrTarget();
      return;
    }
    const problem = this.validator.validate(view);
    if (problem) {
      this.route = reverseRoute(view);
      this.reject(seq, msgType, problem.reason, problem.text, problem.refTagId);
      return;
    }
    const compId = compIdProblem(view, this.settings.senderCompId, this.settings.targetCompId);
    if (compId) {
      this.reject(seq, msgType, compId.reason, compId.text);
      this.logout();
      return;
    }
    if (!queued && this.badSendingTime(view)) {
      this.reject(seq, msgType, SessionRejectReason.SendingTimeAccuracyProblem);
      this.logout();
      return;
    }
    // SequenceReset-Reset ignores MsgSeqNum.
    if (msgType === '4' && view.getBoolean(123) !== true) {
      this.onSequenceReset(view, seq, msgType);
      return;
    }
    const expected = this.store.nextTargetSeqNum();
    // Logout and ResendRequest are acted on whatever their MsgSeqNum (as QuickFIX does): a peer
    // that logs out or asks for a resend in the middle of a gap is answered at once.
    if (msgType === '5' || msgType === '2') {
      if (seq === expected) this.incrTarget();
      if (msgType === '5') this.onLogoutMessage();
      else this.onResendRequest(view);
      return;
    }
    if (seq > expected) {
      this.gap(expected, seq, view);
      return;
    }
    if (seq < expected) {
      this.tooLow(view, seq, msgType, expected);
      return;
    }
    if (this.resendEnd !== 0 && seq >= this.resendEnd) this.resendEnd = 0;
    this.dispatch(view, seq, msgType);
  }

  private dispatch(view: FixMessageView, seq: number, msgType: string): void {
    switch (msgType) {
      case '0':
        this.incrTarget();
        break;
      case '1':
        this.incrTarget();
        this.emit(this.header('0').str(112, view.getString(112) ?? ''));
        break;
      case '3':
        this.incrTarget();
        if (this.stateValue === 'loggedOn' || this.stateValue === 'logoutSent')
          this.cb.onSessionReject?.(view);
        break;
      case '4':
        this.onSequenceReset(view, seq, msgType);
        break;
      case 'A':
        this.incrTarget(); // a Logon taken from the queue (or a repeated one): nothing more to do
        break;
      default:
        this.incrTarget();
        if (this.stateValue === 'loggedOn' || this.stateValue === 'logoutSent')
          this.cb.onApplicationMessage(view);
    }
  }

  /** A message beyond the expected MsgSeqNum: queue it (when given) and ask for the gap once. */
  private gap(expected: number, seq: number, view: FixMessageView): void {
    this.queue.set(seq, Buffer.from(view.buffer.subarray(view.start, view.end)));
    if (this.resendEnd === 0) this.sendResendRequest(expected);
    if (seq - 1 > this.resendEnd) this.resendEnd = seq - 1;
  }

  private onLogon(view: FixMessageView, seq: number): void {
    const problem = this.validator.validate(view);
    const compId = compIdProblem(view, this.settings.senderCompId, this.settings.targetCompId);
    if (problem || compId || this.badSendingTime(view)) {
      this.drop();
      return;
    }
    const resetFlag = view.getBoolean(141) === true;
    if (this.settings.role === 'acceptor') {
      if (resetFlag || this.settings.resetOnLogon) this.store.reset();
      const hb = view.getInt(108);
      if (hb !== undefined && hb >= 0) this.heartBtInt = hb;
    }
    const expected = this.store.nextTargetSeqNum();
    if (seq < expected) {
      this.sendLogout(`MsgSeqNum too low, expecting ${expected} but received ${seq}`);
      this.drop();
      return;
    }
    if (this.settings.role === 'acceptor') this.sendLogon(resetFlag);
    this.stateValue = 'loggedOn';
    this.startTimer();
    this.cb.onLogon?.();
    if (seq > expected) {
      this.queue.set(seq, Buffer.from(view.buffer.subarray(view.start, view.end)));
      this.sendResendRequest(expected);
      this.resendEnd = seq - 1;
      return;
    }
    this.incrTarget();
    // Messages stored while our Logon was on its way have sequence numbers the counterparty has not
    // seen: a Heartbeat now shows it the gap, rather than our next message up to HeartBtInt later.
    if (this.settings.role === 'initiator' && this.store.nextSenderSeqNum() - 1 > this.logonSeq)
      this.emit(this.header('0'));
  }

  private onLogoutMessage(): void {
    if (this.stateValue === 'loggedOn') this.sendLogout();
    if (this.settings.resetOnLogout) this.store.reset();
    this.drop();
  }

  private tooLow(view: FixMessageView, seq: number, msgType: string, expected: number): void {
    if (view.getBoolean(43) === true) {
      const orig = view.indexOf(122);
      if (orig < 0) {
        this.reject(seq, msgType, SessionRejectReason.RequiredTagMissing, undefined, 122);
        return;
      }
      const origTime = decodeUtcTimestamp(view.buffer, view.valueStart[orig]!, view.valueEnd[orig]!);
      const sending = view.getTimestamp(52) ?? Number.NaN;
      if (origTime > sending) {
        this.reject(seq, msgType, SessionRejectReason.SendingTimeAccuracyProblem);
        this.logout();
      }
      return; // a duplicate already processed: ignored
    }
    this.sendLogout(`MsgSeqNum too low, expecting ${expected} but received ${seq}`);
    this.drop();
  }

  private onSequenceReset(view: FixMessageView, seq: number, msgType: string): void {
    const newSeqNo = view.getInt(36) ?? 0;
    const expected = this.store.nextTargetSeqNum();
    if (newSeqNo < expected) {
      this.reject(seq, msgType, SessionRejectReason.ValueIsIncorrect, undefined, undefined, false);
      return;
    }
    this.store.setNextTargetSeqNum(newSeqNo);
    if (this.resendEnd !== 0 && newSeqNo > this.resendEnd) this.resendEnd = 0;
  }

  private onResendRequest(view: FixMessageView): void {
    const begin = view.getInt(7) ?? 1;
    const last = this.store.nextSenderSeqNum() - 1;
    let end = view.getInt(16) ?? 0;
    if (end === 0 || end > last) end = last;
    let gapStart = 0;
    let expectNext = begin;
    const flushGap = (next: number) => {
      if (gapStart === 0) return;
      this.emitResent(
        this.encoder
          .begin('4')
          .int(34, gapStart)
          .str(43, 'Y')
          .str(49, this.settings.senderCompId)
          .timestamp(52, this.clock.now())
          .str(56, this.settings.targetCompId)
          .timestamp(122, this.clock.now())
          .int(36, next)
          .str(123, 'Y'),
      );
      gapStart = 0;
    };
    for (const [s, bytes] of this.store.range(begin, end)) {
      if (s > expectNext && gapStart === 0) gapStart = expectNext;
      expectNext = s + 1;
      const v = this.queueParser.parse(bytes);
      const type = v.getString(35) ?? '';
      if (ADMIN_TYPES.has(type)) {
        if (gapStart === 0) gapStart = s;
        continue;
      }
      flushGap(s);
      // The stored message with PossDupFlag and OrigSendingTime in the header and a new SendingTime.
      const enc = this.encoder
        .begin(type)
        .int(34, s)
        .str(43, 'Y')
        .str(49, this.settings.senderCompId)
        .timestamp(52, this.clock.now())
        .str(56, this.settings.targetCompId);
      const sent = v.indexOf(52);
      if (sent >= 0) enc.str(122, v.stringAt(sent));
      this.resendBody(enc, v);
      this.emitResent(enc);
    }
    if (end >= expectNext && gapStart === 0) gapStart = expectNext;
    flushGap(end + 1);
  }

  private resendBody(enc: FixEncoder, v: FixMessageView): void {
    for (let i = 0; i < v.count; i = v.next[i]!) {
      const tag = v.tags[i]!;
      if (tag === 8 || tag === 9 || tag === 10 || tag === 35 || tag === 34 || tag === 43) continue;
      if (tag === 49 || tag === 52 || tag === 56 || tag === 122) continue;
      enc.copyField(v, i);
    }
  }

  // ---- output ------------------------------------------------------------------------------------

  private header(msgType: string): FixEncoder {
    return this.encoder
      .begin(msgType)
      .int(34, this.store.nextSenderSeqNum())
      .str(49, this.settings.senderCompId)
      .timestamp(52, this.clock.now())
      .str(56, this.settings.targetCompId);
  }

  /** Finishes, stores, sends and counts a message written by `header()`. */
  private emit(enc: FixEncoder): void {
    const bytes = enc.finishCopy();
    const seq = this.store.nextSenderSeqNum();
    this.store.put(seq, bytes);
    this.store.setNextSenderSeqNum(seq + 1);
    this.lastSent = this.clock.now();
    this.cb.send(bytes);
  }

  /** A resent message or gap fill: its own MsgSeqNum, not stored again, sequence unchanged. */
  private emitResent(enc: FixEncoder): void {
    this.lastSent = this.clock.now();
    this.cb.send(enc.finishCopy());
  }

  private sendLogon(resetFlag: boolean): void {
    this.logonSeq = this.store.nextSenderSeqNum();
    const enc = this.header('A').int(98, 0).int(108, this.heartBtInt);
    if (resetFlag) enc.str(141, 'Y');
    this.emit(enc);
  }

  private sendLogout(text?: string): void {
    const enc = this.header('5');
    if (text !== undefined) enc.str(58, text);
    this.emit(enc);
  }

  private sendResendRequest(begin: number): void {
    this.emit(this.header('2').int(7, begin).int(16, 0));
  }

  /**
   * A session-level Reject of message `seq`; the target sequence number advances when the message had the
   * expected one (QuickFIX's rule), unless `advance` is false.
   */
  private reject(
    seq: number,
    msgType: string,
    reason: SessionRejectReason,
    text = SESSION_REJECT_TEXT[reason],
    refTagId?: number,
    advance = true,
  ): void {
    const enc = this.header('3');
    if (this.route) for (const [tag, value] of this.route) enc.str(tag, value);
    this.route = undefined;
    enc.int(45, seq).str(58, text);
    if (refTagId !== undefined) enc.int(371, refTagId);
    if (msgType !== '') enc.str(372, msgType);
    enc.int(373, reason);
    this.emit(enc);
    if (advance && msgType !== 'A' && msgType !== '4' && seq === this.store.nextTargetSeqNum())
      this.incrTarget();
  }

  private incrTarget(): void {
    this.store.setNextTargetSeqNum(this.store.nextTargetSeqNum() + 1);
  }

  private badSendingTime(view: FixMessageView): boolean {
    if (this.settings.checkLatency === false) return false;
    const sent = view.getTimestamp(52);
    if (sent === undefined || Number.isNaN(sent)) return true;
    return Math.abs(this.clock.now() - sent) > (this.settings.maxLatency ?? 120) * 1000;
  }

  private drainQueue(): void {
    for (;;) {
      if (this.stateValue === 'disconnected') {
        this.queue.clear();
        return;
      }
      const expected = this.store.nextTargetSeqNum();
      for (const s of this.queue.keys()) if (s < expected) this.queue.delete(s);
      const next = this.queue.get(expected);
      if (!next) return;
      this.queue.delete(expected);
      this.process(this.queueParser.parse(next), true);
    }
  }

  private drop(): void {
    this.cb.disconnect();
    this.disconnected();
  }

  // ---- timers ------------------------------------------------------------------------------------

  private startTimer(): void {
    this.timer?.dispose();
    this.timer = this.clock.setInterval(() => this.tick(), 1000);
  }

  /**
   * Once a second, as QuickFIX: disconnect after 2.4 × HeartBtInt of their silence; a TestRequest
   * after 1.2 × HeartBtInt (and again at each further 1.2 × while unanswered); a Heartbeat after
   * HeartBtInt of our silence when no TestRequest is outstanding.
   */
  private tick(): void {
    if (this.stateValue !== 'loggedOn' || this.heartBtInt <= 0) return;
    const now = this.clock.now();
    const hb = this.heartBtInt * 1000;
    const silence = now - this.lastReceived;
    if (silence >= 2.4 * hb) {
      this.drop();
      return;
    }
    if (silence >= 1.2 * (this.testRequestCounter + 1) * hb) {
      this.testRequestCounter++;
      this.emit(this.header('1').str(112, 'TEST'));
      return;
    }
    if (this.testRequestCounter === 0 && now - this.lastSent >= hb) this.emit(this.header('0'));
  }
}

/** OnBehalfOf ⇄ DeliverTo routing tags: a reply goes back the way the message came. */
const REVERSE_ROUTE = new Map([
  [115, 128],
  [128, 115],
  [116, 129],
  [129, 116],
  [144, 145],
  [145, 144],
]);

function reverseRoute(view: FixMessageView): [number, string][] | undefined {
  let out: [number, string][] | undefined;
  for (let i = 0; i < view.count; i = view.next[i]!) {
    const to = REVERSE_ROUTE.get(view.tags[i]!);
    if (to === undefined || view.isEmptyAt(i)) continue;
    out ??= [];
    out.push([to, view.stringAt(i)]);
  }
  return out;
}
