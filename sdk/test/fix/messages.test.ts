import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeMessage,
  FixCodecError,
  FixEncoder,
  type FixHeader,
  type FixMessageBodies,
  FixParser,
  FixValidator,
  isQmoMsgType,
  loadFix44Dictionary,
  type QmoMsgType,
  readBody,
  readHeader,
  readMessage,
} from '../../src/fix/index.js';
import { decimalString, epochMs } from './arbitraries.js';
import { msg, text } from './helpers.js';

const dict = loadFix44Dictionary();
const parser = new FixParser({ dictionary: dict });
const validator = new FixValidator(dict);
const enc = new FixEncoder();
const NOW = Date.UTC(2026, 10, 24, 13, 45, 1, 550);
const header: FixHeader = { senderCompId: 'QMO', targetCompId: 'VENUE', msgSeqNum: 42, sendingTime: NOW };

const EXAMPLES: { [K in QmoMsgType]: FixMessageBodies[K] } = {
  '0': { testReqId: 'T1' },
  '1': { testReqId: 'T1' },
  '2': { beginSeqNo: 5, endSeqNo: 0 },
  '3': { refSeqNum: 7, text: 'Required tag missing', refTagId: 11, refMsgType: 'D', sessionRejectReason: 1 },
  '4': { newSeqNo: 12, gapFillFlag: true },
  '5': { text: 'bye' },
  A: {
    encryptMethod: 0,
    heartBtInt: 30,
    resetSeqNumFlag: true,
    username: 'u',
    password: 'p',
    nextExpectedMsgSeqNum: 1,
  },
  D: {
    account: 'ACC-1',
    clOrdId: 'C-1',
    currency: 'EUR',
    handlInst: '1',
    orderQty: '250000',
    ordType: '2',
    price: '1.08512',
    side: '1',
    symbol: 'EUR/USD',
    timeInForce: '6',
    transactTime: NOW,
    expireDate: '20261130',
    parties: [
      { partyId: 'DESK-FX', partyIdSource: 'D', partyRole: 11 },
      { partyId: 'JSMITH', partyRole: 12 },
    ],
  },
  F: { clOrdId: 'C-2', origClOrdId: 'C-1', orderId: 'V-1', side: '1', symbol: 'EUR/USD', transactTime: NOW },
  G: {
    clOrdId: 'C-3',
    origClOrdId: 'C-1',
    orderId: 'V-1',
    orderQty: '200000',
    ordType: '2',
    price: '1.08500',
    side: '1',
    symbol: 'EUR/USD',
    transactTime: NOW,
  },
  H: { clOrdId: 'C-1', orderId: 'V-1', side: '1', symbol: 'EUR/USD', ordStatusReqId: 'S-1' },
  '8': {
    avgPx: '1.08511',
    clOrdId: 'C-1',
    cumQty: '100000',
    execId: 'EX-9',
    lastPx: '1.08511',
    lastQty: '100000',
    orderId: 'V-1',
    orderQty: '250000',
    ordStatus: '1',
    ordType: '2',
    price: '1.08512',
    side: '1',
    symbol: 'EUR/USD',
    transactTime: NOW,
    execType: 'F',
    leavesQty: '150000',
    parties: [{ partyId: 'DESK-FX', partyIdSource: 'D', partyRole: 11 }],
  },
  '9': {
    clOrdId: 'C-2',
    orderId: 'V-1',
    ordStatus: '2',
    origClOrdId: 'C-1',
    cxlRejReason: 0,
    cxlRejResponseTo: '1',
    text: 'too late',
  },
  X: {
    mdReqId: 'MD-1',
    entries: [
      {
        mdUpdateAction: '0',
        mdEntryType: '0',
        mdEntryId: 'B1',
        symbol: 'EURUSD',
        mdEntryPx: '1.0851',
        mdEntrySize: '1000000',
      },
      {
        mdUpdateAction: '2',
        mdEntryType: '1',
        mdEntryId: 'A0',
        mdEntryTime: '13:45:01.550',
        numberOfOrders: 3,
      },
    ],
  },
  j: { refSeqNum: 2, text: 'Unsupported Message Type', refMsgType: '8', businessRejectReason: 3 },
};

describe('typed builders and readers', () => {
  it.each(Object.keys(EXAMPLES) as QmoMsgType[])(
    '%s: encode → parse → validate → read gives the same message',
    (type) => {
      const body = EXAMPLES[type];
      const bytes = encodeMessage(enc, type, header, body);
      const view = parser.parse(bytes, 0, bytes.length, true);
      expect(validator.validate(view)).toBeNull();
      expect(readHeader(view)).toEqual(header);
      expect(readBody(view, type)).toEqual(body);
      expect(readMessage(view)).toEqual({ msgType: type, header, body });
    },
  );

  it('writes fields in ascending tag order, groups in dictionary order', () => {
    const bytes = encodeMessage(enc, 'D', header, EXAMPLES.D);
    expect(text(bytes)).toBe(
      text(
        msg(
          '8=FIX.4.4|35=D|34=42|49=QMO|52=20261124-13:45:01.550|56=VENUE|1=ACC-1|11=C-1|15=EUR|21=1|38=250000|40=2|44=1.08512|54=1|55=EUR/USD|59=6|60=20261124-13:45:01.550|432=20261130|453=2|448=DESK-FX|447=D|452=11|448=JSMITH|452=12',
        ),
      ),
    );
  });

  it('header extras: PossDup, OrigSendingTime, routing', () => {
    const h: FixHeader = {
      ...header,
      possDupFlag: true,
      possResend: false,
      origSendingTime: NOW - 5000,
      onBehalfOfCompId: 'FIRM',
      deliverToCompId: 'DESK',
      senderSubId: 'S',
      targetSubId: 'T',
      lastMsgSeqNumProcessed: 41,
    };
    const view = parser.parse(encodeMessage(enc, '0', h, {}));
    expect(validator.validate(view)).toBeNull();
    expect(readHeader(view)).toEqual(h);
  });

  it('a missing required value is a BAD_VALUE when writing, a BAD_FORMAT when reading', () => {
    expect(() =>
      encodeMessage(enc, 'D', header, { ...EXAMPLES.D, clOrdId: undefined as unknown as string }),
    ).toThrow(expect.objectContaining({ code: 'BAD_VALUE', tag: 11 }));
    const view = parser.parse(encodeMessage(enc, '1', header, { testReqId: 'x' }));
    expect(() => readBody(view, 'D')).toThrow(/message is 1, not D/);
    const noId = parser.parse(
      new FixEncoder().begin('1').int(34, 1).str(49, 'A').str(52, '20261124-13:45:00').str(56, 'B').finish(),
    );
    expect(() => readBody(noId, '1')).toThrow(FixCodecError);
    expect(isQmoMsgType('D')).toBe(true);
    expect(isQmoMsgType('AE')).toBe(false);
  });

  it('random orders, executions and market data round-trip and validate', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/);
    const qty = decimalString.filter((d) => !d.startsWith('-'));
    const nos = fc.record(
      {
        clOrdId: id,
        side: fc.constantFrom('1', '2', '5'),
        symbol: id,
        ordType: fc.constantFrom('1', '2', '3', '4'),
        orderQty: qty,
        price: decimalString,
        transactTime: epochMs,
        timeInForce: fc.constantFrom('0', '1', '3', '4'),
        account: id,
        text: fc.stringMatching(/^[ -~]{1,40}$/),
      },
      { requiredKeys: ['clOrdId', 'side', 'ordType', 'transactTime'] },
    );
    const entry = fc.record(
      {
        mdUpdateAction: fc.constantFrom('0', '1', '2'),
        mdEntryType: fc.constantFrom('0', '1', '2'),
        mdEntryId: id,
        symbol: id,
        mdEntryPx: decimalString,
        mdEntrySize: qty,
        numberOfOrders: fc.nat({ max: 1000 }),
      },
      { requiredKeys: ['mdUpdateAction'] },
    );
    const head = fc.record({
      senderCompId: id,
      targetCompId: id,
      msgSeqNum: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      sendingTime: epochMs,
    });
    fc.assert(
      fc.property(head, nos, fc.array(entry, { minLength: 1, maxLength: 12 }), (h, order, entries) => {
        for (const [type, body] of [
          ['D', order],
          ['X', { entries }],
        ] as const) {
          const view = parser.parse(encodeMessage(enc, type, h, body as never));
          expect(validator.validate(view)).toBeNull();
          expect(readMessage(view)).toEqual({ msgType: type, header: h, body });
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('byte for byte what the FIX 4.4 session tests expect from an acceptor', () => {
  const ISLD: FixHeader = { senderCompId: 'ISLD', targetCompId: 'TW44', msgSeqNum: 2, sendingTime: NOW };
  /** Our bytes with SendingTime/OrigSendingTime and CheckSum masked the way the .def files write them. */
  const masked = (bytes: Uint8Array) =>
    text(bytes)
      .replace(/\|(52|122)=\d{8}-\d{2}:\d{2}:\d{2}\.\d{3}\|/g, '|$1=00000000-00:00:00.000|')
      .replace(/\|10=\d{3}\|$/, '|10=0|');

  it.each<[string, QmoMsgType, FixHeader, object]>([
    [
      '8=FIX.4.4|9=125|35=3|34=2|49=ISLD|52=00000000-00:00:00.000|56=TW44|45=2|58=Value is incorrect (out of range) for this tag|371=21|372=D|373=5|10=0|',
      '3',
      ISLD,
      {
        refSeqNum: 2,
        text: 'Value is incorrect (out of range) for this tag',
        refTagId: 21,
        refMsgType: 'D',
        sessionRejectReason: 5,
      },
    ],
    [
      '8=FIX.4.4|9=88|35=3|34=2|49=ISLD|52=00000000-00:00:00.000|56=TW44|45=2|58=Invalid MsgType|372=*|373=11|10=0|',
      '3',
      ISLD,
      { refSeqNum: 2, text: 'Invalid MsgType', refMsgType: '*', sessionRejectReason: 11 },
    ],
    [
      '8=FIX.4.4|9=62|35=A|34=1|49=ISLD|52=00000000-00:00:00.000|56=TW44|98=0|108=2|10=0|',
      'A',
      { ...ISLD, msgSeqNum: 1 },
      { encryptMethod: 0, heartBtInt: 2 },
    ],
    ['8=FIX.4.4|9=51|35=5|34=2|49=ISLD|52=00000000-00:00:00.000|56=TW44|10=0|', '5', ISLD, {}],
    [
      '8=FIX.4.4|9=60|35=2|34=2|49=ISLD|52=00000000-00:00:00.000|56=TW44|7=2|16=0|10=0|',
      '2',
      ISLD,
      { beginSeqNo: 2, endSeqNo: 0 },
    ],
    [
      '8=FIX.4.4|9=61|35=0|34=2|49=ISLD|52=00000000-00:00:00.000|56=TW44|112=HELLO|10=0|',
      '0',
      ISLD,
      { testReqId: 'HELLO' },
    ],
    [
      '8=FIX.4.4|9=93|35=4|34=1|43=Y|49=ISLD|52=00000000-00:00:00.000|56=TW44|122=00000000-00:00:00.000|36=5|123=Y|10=0|',
      '4',
      { ...ISLD, msgSeqNum: 1, possDupFlag: true, origSendingTime: NOW },
      { newSeqNo: 5, gapFillFlag: true },
    ],
    [
      '8=FIX.4.4|9=96|35=j|34=2|49=ISLD|52=00000000-00:00:00.000|56=TW44|45=2|58=Unsupported Message Type|372=8|380=3|10=0|',
      'j',
      ISLD,
      { refSeqNum: 2, text: 'Unsupported Message Type', refMsgType: '8', businessRejectReason: 3 },
    ],
  ])('%s', (expected, type, h, body) => {
    expect(masked(encodeMessage(enc, type, h, body as never))).toBe(expected);
  });
});
