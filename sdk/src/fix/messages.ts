/**
 * Typed builders and readers for the FIX 4.4 messages QMO uses: the session messages (Logon,
 * Logout, Heartbeat, TestRequest, ResendRequest, SequenceReset, Reject, BusinessMessageReject) and
 * the order flow (NewOrderSingle, OrderCancelRequest, OrderCancelReplaceRequest, OrderStatusRequest,
 * ExecutionReport, OrderCancelReject) plus MarketDataIncrementalRefresh.
 *
 * Values: strings as sent; prices and quantities as exact decimal strings; integers as numbers;
 * UTCTimestamps as epoch milliseconds; booleans for Y/N. Fields are written in ascending tag order
 * (group members in dictionary order), as QuickFIX writes them.
 */
import type { FixEncoder } from './encoder.js';
import { FixCodecError } from './errors.js';
import type { FixMessageView } from './message-view.js';

type Kind = 'string' | 'int' | 'decimal' | 'timestamp' | 'boolean';

interface FieldSpec {
  readonly key: string;
  readonly tag: number;
  readonly kind: Kind;
  readonly required?: boolean;
}
interface GroupSpec {
  readonly key: string;
  readonly tag: number;
  readonly kind: 'group';
  readonly members: Layout;
  readonly required?: boolean;
}
type MemberSpec = FieldSpec | GroupSpec;

/** Members in writing order (compiled into a writer and a reader on first use). */
class Layout {
  constructor(readonly members: readonly MemberSpec[]) {}
}

const s = (key: string, tag: number, required = false): FieldSpec => ({ key, tag, kind: 'string', required });
const i = (key: string, tag: number, required = false): FieldSpec => ({ key, tag, kind: 'int', required });
const d = (key: string, tag: number, required = false): FieldSpec => ({
  key,
  tag,
  kind: 'decimal',
  required,
});
const t = (key: string, tag: number, required = false): FieldSpec => ({
  key,
  tag,
  kind: 'timestamp',
  required,
});
const b = (key: string, tag: number, required = false): FieldSpec => ({
  key,
  tag,
  kind: 'boolean',
  required,
});
const g = (key: string, tag: number, members: MemberSpec[], required = false): GroupSpec => ({
  key,
  tag,
  kind: 'group',
  members: new Layout(members),
  required,
});

// ---- message shapes ------------------------------------------------------------------------------

/** The standard header, as QMO writes and reads it (BeginString, BodyLength, MsgType are the codec's). */
export interface FixHeader {
  senderCompId: string;
  targetCompId: string;
  msgSeqNum: number;
  /** Epoch milliseconds. */
  sendingTime: number;
  possDupFlag?: boolean;
  possResend?: boolean;
  origSendingTime?: number;
  senderSubId?: string;
  targetSubId?: string;
  senderLocationId?: string;
  targetLocationId?: string;
  onBehalfOfCompId?: string;
  onBehalfOfSubId?: string;
  onBehalfOfLocationId?: string;
  deliverToCompId?: string;
  deliverToSubId?: string;
  deliverToLocationId?: string;
  lastMsgSeqNumProcessed?: number;
}

export interface Heartbeat {
  testReqId?: string;
}
export interface TestRequest {
  testReqId: string;
}
export interface ResendRequest {
  beginSeqNo: number;
  /** 0 = up to the latest. */
  endSeqNo: number;
}
export interface Reject {
  refSeqNum: number;
  text?: string;
  refTagId?: number;
  refMsgType?: string;
  sessionRejectReason?: number;
}
export interface SequenceReset {
  newSeqNo: number;
  gapFillFlag?: boolean;
}
export interface Logout {
  text?: string;
}
export interface Logon {
  encryptMethod: number;
  heartBtInt: number;
  resetSeqNumFlag?: boolean;
  maxMessageSize?: number;
  username?: string;
  password?: string;
  nextExpectedMsgSeqNum?: number;
}
export interface BusinessMessageReject {
  refSeqNum?: number;
  text?: string;
  refMsgType: string;
  businessRejectRefId?: string;
  businessRejectReason: number;
}

export interface Party {
  partyId: string;
  partyIdSource?: string;
  partyRole?: number;
}

/** The Instrument component's identifiers (FIX makes each optional: a venue may use SecurityID only). */
interface InstrumentFields {
  symbol?: string;
  securityId?: string;
  securityIdSource?: string;
  securityType?: string;
  securityExchange?: string;
}

export interface NewOrderSingle extends InstrumentFields {
  account?: string;
  clOrdId: string;
  currency?: string;
  execInst?: string;
  handlInst?: string;
  orderQty?: string;
  ordType: string;
  price?: string;
  side: string;
  text?: string;
  timeInForce?: string;
  transactTime: number;
  stopPx?: string;
  exDestination?: string;
  minQty?: string;
  maxFloor?: string;
  expireTime?: number;
  cashOrderQty?: string;
  expireDate?: string;
  parties?: Party[];
}

export interface OrderCancelRequest extends InstrumentFields {
  account?: string;
  clOrdId: string;
  orderId?: string;
  orderQty?: string;
  origClOrdId: string;
  side: string;
  text?: string;
  transactTime: number;
  parties?: Party[];
}

export interface OrderCancelReplaceRequest extends NewOrderSingle {
  orderId?: string;
  origClOrdId: string;
}

export interface OrderStatusRequest extends InstrumentFields {
  account?: string;
  clOrdId: string;
  orderId?: string;
  side: string;
  ordStatusReqId?: string;
  parties?: Party[];
}

export interface ExecutionReport extends InstrumentFields {
  account?: string;
  avgPx: string;
  clOrdId?: string;
  cumQty: string;
  currency?: string;
  execId: string;
  lastMkt?: string;
  lastPx?: string;
  lastQty?: string;
  orderId: string;
  orderQty?: string;
  ordStatus: string;
  ordType?: string;
  origClOrdId?: string;
  price?: string;
  side: string;
  text?: string;
  timeInForce?: string;
  transactTime?: number;
  tradeDate?: string;
  stopPx?: string;
  ordRejReason?: number;
  execType: string;
  leavesQty: string;
  secondaryOrderId?: string;
  execRestatementReason?: number;
  parties?: Party[];
}

export interface OrderCancelReject {
  account?: string;
  clOrdId: string;
  orderId: string;
  ordStatus: string;
  origClOrdId: string;
  text?: string;
  transactTime?: number;
  cxlRejReason?: number;
  cxlRejResponseTo: string;
}

export interface MDEntry {
  mdUpdateAction: string;
  mdEntryType?: string;
  mdEntryId?: string;
  mdEntryRefId?: string;
  symbol?: string;
  securityId?: string;
  securityIdSource?: string;
  mdEntryPx?: string;
  currency?: string;
  mdEntrySize?: string;
  /** LocalMktDate/UTCDateOnly as sent (`YYYYMMDD`). */
  mdEntryDate?: string;
  /** UTCTimeOnly as sent (`HH:MM:SS[.sss]`). */
  mdEntryTime?: string;
  numberOfOrders?: number;
  mdEntryPositionNo?: number;
}

export interface MarketDataIncrementalRefresh {
  mdReqId?: string;
  entries: MDEntry[];
}

/** Body type by MsgType. */
export interface FixMessageBodies {
  '0': Heartbeat;
  '1': TestRequest;
  '2': ResendRequest;
  '3': Reject;
  '4': SequenceReset;
  '5': Logout;
  '8': ExecutionReport;
  '9': OrderCancelReject;
  A: Logon;
  D: NewOrderSingle;
  F: OrderCancelRequest;
  G: OrderCancelReplaceRequest;
  H: OrderStatusRequest;
  X: MarketDataIncrementalRefresh;
  j: BusinessMessageReject;
}
export type QmoMsgType = keyof FixMessageBodies;

// ---- layouts (ascending tags; group members in FIX44.xml order) --------------------------------

const HEADER = new Layout([
  i('msgSeqNum', 34, true),
  b('possDupFlag', 43),
  s('senderCompId', 49, true),
  s('senderSubId', 50),
  t('sendingTime', 52, true),
  s('targetCompId', 56, true),
  s('targetSubId', 57),
  b('possResend', 97),
  s('onBehalfOfCompId', 115),
  s('onBehalfOfSubId', 116),
  t('origSendingTime', 122),
  s('deliverToCompId', 128),
  s('deliverToSubId', 129),
  s('senderLocationId', 142),
  s('targetLocationId', 143),
  s('onBehalfOfLocationId', 144),
  s('deliverToLocationId', 145),
  i('lastMsgSeqNumProcessed', 369),
]);

const PARTIES = g('parties', 453, [s('partyId', 448, true), s('partyIdSource', 447), i('partyRole', 452)]);

const NEW_ORDER_SINGLE: MemberSpec[] = [
  s('account', 1),
  s('clOrdId', 11, true),
  s('currency', 15),
  s('execInst', 18),
  s('handlInst', 21),
  s('securityIdSource', 22),
  d('orderQty', 38),
  s('ordType', 40, true),
  d('price', 44),
  s('securityId', 48),
  s('side', 54, true),
  s('symbol', 55),
  s('text', 58),
  s('timeInForce', 59),
  t('transactTime', 60, true),
  d('stopPx', 99),
  s('exDestination', 100),
  d('minQty', 110),
  d('maxFloor', 111),
  t('expireTime', 126),
  d('cashOrderQty', 152),
  s('securityType', 167),
  s('securityExchange', 207),
  s('expireDate', 432),
  PARTIES,
];

const withAfter = (list: MemberSpec[], extra: MemberSpec[]) =>
  [...list, ...extra].sort((x, y) => x.tag - y.tag);

const LAYOUTS: Record<QmoMsgType, Layout> = {
  '0': new Layout([s('testReqId', 112)]),
  '1': new Layout([s('testReqId', 112, true)]),
  '2': new Layout([i('beginSeqNo', 7, true), i('endSeqNo', 16, true)]),
  '3': new Layout([
    i('refSeqNum', 45, true),
    s('text', 58),
    i('refTagId', 371),
    s('refMsgType', 372),
    i('sessionRejectReason', 373),
  ]),
  '4': new Layout([i('newSeqNo', 36, true), b('gapFillFlag', 123)]),
  '5': new Layout([s('text', 58)]),
  A: new Layout([
    i('encryptMethod', 98, true),
    i('heartBtInt', 108, true),
    b('resetSeqNumFlag', 141),
    i('maxMessageSize', 383),
    s('username', 553),
    s('password', 554),
    i('nextExpectedMsgSeqNum', 789),
  ]),
  D: new Layout(NEW_ORDER_SINGLE),
  G: new Layout(withAfter(NEW_ORDER_SINGLE, [s('orderId', 37), s('origClOrdId', 41, true)])),
  F: new Layout([
    s('account', 1),
    s('clOrdId', 11, true),
    s('securityIdSource', 22),
    s('orderId', 37),
    d('orderQty', 38),
    s('origClOrdId', 41, true),
    s('securityId', 48),
    s('side', 54, true),
    s('symbol', 55),
    s('text', 58),
    t('transactTime', 60, true),
    s('securityType', 167),
    s('securityExchange', 207),
    PARTIES,
  ]),
  H: new Layout([
    s('account', 1),
    s('clOrdId', 11, true),
    s('securityIdSource', 22),
    s('orderId', 37),
    s('securityId', 48),
    s('side', 54, true),
    s('symbol', 55),
    s('securityType', 167),
    s('securityExchange', 207),
    PARTIES,
    s('ordStatusReqId', 790),
  ]),
  '8': new Layout([
    s('account', 1),
    d('avgPx', 6, true),
    s('clOrdId', 11),
    d('cumQty', 14, true),
    s('currency', 15),
    s('execId', 17, true),
    s('securityIdSource', 22),
    s('lastMkt', 30),
    d('lastPx', 31),
    d('lastQty', 32),
    s('orderId', 37, true),
    d('orderQty', 38),
    s('ordStatus', 39, true),
    s('ordType', 40),
    s('origClOrdId', 41),
    d('price', 44),
    s('securityId', 48),
    s('side', 54, true),
    s('symbol', 55),
    s('text', 58),
    s('timeInForce', 59),
    t('transactTime', 60),
    s('tradeDate', 75),
    d('stopPx', 99),
    i('ordRejReason', 103),
    s('execType', 150, true),
    d('leavesQty', 151, true),
    s('securityType', 167),
    s('secondaryOrderId', 198),
    s('securityExchange', 207),
    i('execRestatementReason', 378),
    PARTIES,
  ]),
  '9': new Layout([
    s('account', 1),
    s('clOrdId', 11, true),
    s('orderId', 37, true),
    s('ordStatus', 39, true),
    s('origClOrdId', 41, true),
    s('text', 58),
    t('transactTime', 60),
    i('cxlRejReason', 102),
    s('cxlRejResponseTo', 434, true),
  ]),
  X: new Layout([
    s('mdReqId', 262),
    g(
      'entries',
      268,
      [
        s('mdUpdateAction', 279, true),
        s('mdEntryType', 269),
        s('mdEntryId', 278),
        s('mdEntryRefId', 280),
        s('symbol', 55),
        s('securityId', 48),
        s('securityIdSource', 22),
        d('mdEntryPx', 270),
        s('currency', 15),
        d('mdEntrySize', 271),
        s('mdEntryDate', 272),
        s('mdEntryTime', 273),
        i('numberOfOrders', 346),
        i('mdEntryPositionNo', 290),
      ],
      true,
    ),
  ]),
  j: new Layout([
    i('refSeqNum', 45),
    s('text', 58),
    s('refMsgType', 372, true),
    s('businessRejectRefId', 379),
    i('businessRejectReason', 380, true),
  ]),
};

/** Whether `msgType` is one of the messages with a typed builder and reader. */
export function isQmoMsgType(msgType: string): msgType is QmoMsgType {
  return Object.hasOwn(LAYOUTS, msgType);
}

// ---- compiled writers and readers ---------------------------------------------------------------
//
// Each layout is compiled once into straight-line code (named property loads, a switch on the tag),
// so writing and reading a message costs no lookups by key. The code is generated only from the
// static layouts above, never from input.

type Writer = (enc: FixEncoder, data: Record<string, unknown>, where: string) => void;
type Reader = (v: FixMessageView, from: number, to: number, where: string) => Record<string, unknown>;

function missingValue(where: string, key: string, tag: number): never {
  throw new FixCodecError('BAD_VALUE', `${where}: ${key} (${tag}) is required`, undefined, tag);
}
function missingField(where: string, key: string, tag: number): never {
  throw new FixCodecError('BAD_FORMAT', `${where}: ${key} (${tag}) is missing`, undefined, tag);
}

const WRITE_CALL: Record<Kind, string> = {
  string: 'str',
  int: 'int',
  decimal: 'decimal',
  timestamp: 'timestamp',
  boolean: 'bool',
};
const READ_CALL: Record<Kind, string> = {
  string: 'stringAt',
  int: 'intAt',
  decimal: 'decimalAt',
  timestamp: 'timestampAt',
  boolean: 'booleanAt',
};

const writers = new Map<Layout, Writer>();
const readers = new Map<Layout, Reader>();

function writerOf(layout: Layout): Writer {
  let w = writers.get(layout);
  if (w) return w;
  const nested: Writer[] = [];
  const lines = ['let v;'];
  for (const m of layout.members) {
    const key = JSON.stringify(m.key);
    lines.push(`v = d[${key}];`);
    const absent = m.required ? `else missing(where, ${key}, ${m.tag});` : '';
    if (m.kind === 'group') {
      nested.push(writerOf(m.members));
      const inner = `nested[${nested.length - 1}]`;
      const zero = m.required ? `enc.int(${m.tag}, 0);` : '';
      lines.push(
        `if (v !== undefined && v !== null) { if (v.length > 0) { enc.int(${m.tag}, v.length); for (let i = 0; i < v.length; i++) ${inner}(enc, v[i], where + ${JSON.stringify(`.${m.key}`)}); } else { ${zero} } } ${absent}`,
      );
    } else lines.push(`if (v !== undefined && v !== null) enc.${WRITE_CALL[m.kind]}(${m.tag}, v); ${absent}`);
  }
  const body = `return function write(enc, d, where) {\n${lines.join('\n')}\n};`;
  w = new Function('missing', 'nested', body)(missingValue, nested) as Writer;
  writers.set(layout, w);
  return w;
}

function readerOf(layout: Layout): Reader {
  let r = readers.get(layout);
  if (r) return r;
  const nested: Reader[] = [];
  const members = layout.members;
  const cases: string[] = [];
  members.forEach((m, i) => {
    if (m.kind === 'group') {
      nested.push(readerOf(m.members));
      const inner = `nested[${nested.length - 1}]`;
      const where = JSON.stringify(`.${m.key}`);
      cases.push(
        `case ${m.tag}: if (f${i} === undefined) { const n = v.groupFound[k]; const first = v.groupFirst[k]; const list = []; for (let j = 0; j < n; j++) { const s = v.instanceStarts[first + j]; const e = j + 1 < n ? v.instanceStarts[first + j + 1] : next[k]; list.push(${inner}(v, s, e, where + ${where})); } f${i} = list; } break;`,
      );
    } else cases.push(`case ${m.tag}: if (f${i} === undefined) f${i} = v.${READ_CALL[m.kind]}(k); break;`);
  });
  const checks = members
    .map((m, i) =>
      !m.required
        ? ''
        : m.kind === 'group'
          ? `if (f${i} === undefined) f${i} = [];`
          : `if (f${i} === undefined) missing(where, ${JSON.stringify(m.key)}, ${m.tag});`,
    )
    .filter((l) => l !== '');
  const body = `return function read(v, from, to, where) {
let ${members.map((_, i) => `f${i}`).join(', ')};
const tags = v.tags;
const next = v.next;
for (let k = from; k < to; k = next[k]) {
switch (tags[k]) {
${cases.join('\n')}
}
}
${checks.join('\n')}
return { ${members.map((m, i) => `${JSON.stringify(m.key)}: f${i}`).join(', ')} };
};`;
  r = new Function('missing', 'nested', body)(missingField, nested) as Reader;
  readers.set(layout, r);
  return r;
}

const hasGroups = (layout: Layout) => layout.members.some((m) => m.kind === 'group');

// ---- writing -------------------------------------------------------------------------------------

/** Writes the header fields (after `begin()`), ascending by tag; SendingTime with milliseconds. */
export function writeHeader(enc: FixEncoder, header: FixHeader): void {
  writerOf(HEADER)(enc, header as unknown as Record<string, unknown>, 'header');
}

/** Writes a typed body (after the header). */
export function writeBody<T extends QmoMsgType>(
  enc: FixEncoder,
  msgType: T,
  body: FixMessageBodies[T],
): void {
  writerOf(LAYOUTS[msgType])(enc, body as unknown as Record<string, unknown>, msgType);
}

/**
 * A whole message: `begin`, header, body, `finish`. Returns the encoder's view (see `FixEncoder.finish`).
 */
export function encodeMessage<T extends QmoMsgType>(
  enc: FixEncoder,
  msgType: T,
  header: FixHeader,
  body: FixMessageBodies[T],
): Uint8Array {
  enc.begin(msgType);
  writerOf(HEADER)(enc, header as unknown as Record<string, unknown>, 'header');
  writerOf(LAYOUTS[msgType])(enc, body as unknown as Record<string, unknown>, msgType);
  return enc.finish();
}

// ---- reading -------------------------------------------------------------------------------------
//
// Readers return one object shape per message type: every field of the layout is a property, absent
// optional ones undefined (JSON leaves them out; `toEqual` ignores them).

/** The standard header of a parsed message. */
export function readHeader(view: FixMessageView): FixHeader {
  return readerOf(HEADER)(view, 0, view.count, 'header') as unknown as FixHeader;
}

/**
 * The typed body of a parsed message of type `msgType` (a `BAD_FORMAT` error for a missing
 * required field or a malformed value — validate first to answer with a Reject instead).
 */
export function readBody<T extends QmoMsgType>(view: FixMessageView, msgType: T): FixMessageBodies[T] {
  if (view.msgType !== msgType)
    throw new FixCodecError('BAD_FORMAT', `message is ${view.msgType}, not ${msgType}`, undefined, 35);
  const layout = LAYOUTS[msgType];
  if (!view.structured && hasGroups(layout))
    throw new FixCodecError('BAD_FORMAT', `${msgType} has repeating groups: parse it with a dictionary`);
  return readerOf(layout)(view, 0, view.count, msgType) as unknown as FixMessageBodies[T];
}

/** A parsed message of one of QMO's types, typed by its MsgType. */
export type QmoMessage = {
  [K in QmoMsgType]: { msgType: K; header: FixHeader; body: FixMessageBodies[K] };
}[QmoMsgType];

/** Header and body of a parsed message, or undefined when its type has no typed reader. */
export function readMessage(view: FixMessageView): QmoMessage | undefined {
  const msgType = view.msgType;
  if (!isQmoMsgType(msgType)) return undefined;
  return { msgType, header: readHeader(view), body: readBody(view, msgType) } as QmoMessage;
}

// ---- common enumerations -------------------------------------------------------------------------

export const FixSide = { Buy: '1', Sell: '2', SellShort: '5', SellShortExempt: '6' } as const;
export const FixOrdType = { Market: '1', Limit: '2', Stop: '3', StopLimit: '4' } as const;
export const FixTimeInForce = {
  Day: '0',
  GoodTillCancel: '1',
  AtTheOpening: '2',
  ImmediateOrCancel: '3',
  FillOrKill: '4',
  GoodTillDate: '6',
  AtTheClose: '7',
} as const;
export const FixExecType = {
  New: '0',
  DoneForDay: '3',
  Canceled: '4',
  Replaced: '5',
  PendingCancel: '6',
  Stopped: '7',
  Rejected: '8',
  Suspended: '9',
  PendingNew: 'A',
  Calculated: 'B',
  Expired: 'C',
  Restated: 'D',
  PendingReplace: 'E',
  Trade: 'F',
  TradeCorrect: 'G',
  TradeCancel: 'H',
  OrderStatus: 'I',
} as const;
export const FixOrdStatus = {
  New: '0',
  PartiallyFilled: '1',
  Filled: '2',
  DoneForDay: '3',
  Canceled: '4',
  PendingCancel: '6',
  Stopped: '7',
  Rejected: '8',
  Suspended: '9',
  PendingNew: 'A',
  Calculated: 'B',
  Expired: 'C',
  AcceptedForBidding: 'D',
  PendingReplace: 'E',
} as const;
export const FixMDUpdateAction = { New: '0', Change: '1', Delete: '2' } as const;
export const FixMDEntryType = { Bid: '0', Offer: '1', Trade: '2' } as const;
export const FixCxlRejResponseTo = { OrderCancelRequest: '1', OrderCancelReplaceRequest: '2' } as const;
