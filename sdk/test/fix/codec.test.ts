import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FixCodecError,
  FixEncoder,
  type FixFieldList,
  FixParser,
  FixValidator,
  loadFix44Dictionary,
  verifyFrame,
} from '../../src/fix/index.js';
import {
  decimalString,
  epochMs,
  fieldsOf,
  formatTimestamp,
  generatableMessages,
  headerFields,
  latin1String,
} from './arbitraries.js';
import { msg, soh, text } from './helpers.js';

const dict = loadFix44Dictionary();

describe('encode → parse round trip of each value type', () => {
  const plain = new FixParser();
  const enc = new FixEncoder();

  it('strings, integers, decimals, timestamps, dates, booleans, chars and data come back unchanged', () => {
    fc.assert(
      fc.property(
        fc.record({
          str: latin1String(1, 40),
          int: fc.maxSafeInteger(),
          seq: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
          dec: decimalString,
          ts: epochMs,
          tsSeconds: epochMs,
          date: epochMs,
          bool: fc.boolean(),
          char: fc.integer({ min: 33, max: 126 }).map((c) => String.fromCharCode(c)),
          data: fc.uint8Array({ minLength: 0, maxLength: 64 }),
        }),
        (v) => {
          enc
            .begin('B')
            .str(58, v.str)
            .int(5001, v.int)
            .int(34, v.seq)
            .decimal(44, v.dec)
            .timestamp(60, v.ts)
            .timestamp(52, v.tsSeconds, false)
            .date(75, v.date)
            .bool(43, v.bool)
            .str(54, v.char)
            .data(95, 96, v.data)
            .str(5002, 'after');
          const bytes = enc.finish();
          expect(verifyFrame(bytes, 0, bytes.length)).toBeNull();
          const m = plain.parse(bytes, 0, bytes.length, true);
          expect(m.msgType).toBe('B');
          expect(m.getString(58)).toBe(v.str);
          expect(m.getInt(5001)).toBe(v.int);
          expect(m.getInt(34)).toBe(v.seq);
          expect(m.getDecimal(44)).toBe(v.dec);
          expect(m.getTimestamp(60)).toBe(v.ts);
          expect(m.getTimestamp(52)).toBe(Math.floor(v.tsSeconds / 1000) * 1000);
          expect(m.getString(52)).toBe(formatTimestamp(v.tsSeconds, false));
          expect(m.getString(75)).toBe(formatTimestamp(v.date).slice(0, 8));
          expect(m.getBoolean(43)).toBe(v.bool);
          expect(m.getString(54)).toBe(v.char);
          expect(Buffer.from(m.getBytes(96)!).equals(Buffer.from(v.data))).toBe(true);
          expect(m.getString(5002)).toBe('after');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads the decimal spellings FIX allows as exact decimal strings', () => {
    const m = plain.parse(msg('8=FIX.4.4|35=D|44=.5|38=002000.00|99=-.25|111=7.|6=-0.000'));
    expect([
      m.getDecimal(44),
      m.getDecimal(38),
      m.getDecimal(99),
      m.getDecimal(111),
      m.getDecimal(6),
    ]).toEqual(['0.5', '002000.00', '-0.25', '7', '-0.000']);
  });

  it('timestamps: sub-millisecond digits are truncated, malformed ones are a BAD_FORMAT error', () => {
    const m = plain.parse(
      msg('8=FIX.4.4|35=D|60=20240229-23:59:60.123456789|52=20240230-25:00:00|122=20240101-00:00:00.'),
    );
    expect(m.getTimestamp(60)).toBe(Date.UTC(2024, 1, 29, 23, 59, 60, 123));
    expect(() => m.getTimestamp(52)).toThrow(FixCodecError);
    expect(() => m.getTimestamp(122)).toThrow(/not a UTCTimestamp/);
  });

  it('accessors refuse malformed values with BAD_FORMAT and answer undefined for absent tags', () => {
    const m = plain.parse(msg('8=FIX.4.4|35=D|38=+200.00|34=12a|43=X'));
    expect(() => m.getDecimal(38)).toThrow(expect.objectContaining({ code: 'BAD_FORMAT', tag: 38 }));
    expect(() => m.getInt(34)).toThrow(expect.objectContaining({ code: 'BAD_FORMAT' }));
    expect(() => m.getBoolean(43)).toThrow(/Y or N/);
    expect(m.getString(11)).toBeUndefined();
    expect(m.getInt(11)).toBeUndefined();
    expect(m.has(38)).toBe(true);
  });
});

describe('random messages of the dictionary, groups included', () => {
  const parser = new FixParser({ dictionary: dict });
  const validator = new FixValidator(dict);
  const enc = new FixEncoder();
  const messages = generatableMessages(dict);

  it('covers nearly every message type', () => {
    expect(messages.length).toBeGreaterThan(85);
  });

  it('encode → parse gives the same fields and groups, and the validator accepts them', () => {
    const arb = fc
      .constantFrom(...messages)
      .chain((def) => fc.tuple(fc.constant(def), headerFields, fieldsOf(dict, def, 0)));
    let withGroups = 0;
    fc.assert(
      fc.property(arb, ([def, header, body]) => {
        if (body.some((e) => e[2] !== undefined && e[2].length > 0)) withGroups++;
        enc.begin(def.msgType).fields(header).fields(body);
        const bytes = enc.finish();
        const view = parser.parse(bytes, 0, bytes.length, true);
        expect(view.msgType).toBe(def.msgType);
        const list = view.toFieldList();
        expect(list.slice(0, 3).map((e) => e[0])).toEqual([8, 9, 35]);
        expect(list[list.length - 1]![0]).toBe(10);
        expect(list.slice(3, -1)).toEqual([...header, ...body]);
        expect(validator.validate(view)).toBeNull();
        // The same bytes re-encoded from the parsed structure are identical.
        enc.begin(def.msgType).fields(list.slice(3, -1) as FixFieldList);
        expect(Buffer.from(enc.finish()).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 400 },
    );
    // The generator really exercises groups.
    expect(withGroups).toBeGreaterThan(40);
  });
});

describe('hand-written real-world messages', () => {
  const parser = new FixParser({ dictionary: dict });
  const validator = new FixValidator(dict);

  it('a buy-side NewOrderSingle with parties and a multi-value ExecInst', () => {
    const bytes = msg(
      '8=FIX.4.4|35=D|34=1021|49=BUYSIDE|50=TRADER7|52=20261124-13:45:01.551|56=QMO|1=ACC-0042|11=ORD-20261124-0001|18=5 G|21=1|38=250000|40=2|44=1.08512|453=2|448=DESK-FX|447=D|452=11|448=JSMITH|447=D|452=12|54=1|55=EUR/USD|59=0|60=20261124-13:45:01.550|15=EUR',
    );
    const m = parser.parse(bytes, 0, bytes.length, true);
    expect(validator.validate(m)).toBeNull();
    expect(m.getString(11)).toBe('ORD-20261124-0001');
    expect(m.getDecimal(44)).toBe('1.08512');
    expect(m.getTimestamp(60)).toBe(Date.UTC(2026, 10, 24, 13, 45, 1, 550));
    const parties = m.group(453)!;
    expect(parties.length).toBe(2);
    expect(parties.declared).toBe(2);
    expect(parties.getString(1, 448)).toBe('JSMITH');
    expect(parties.instance(0).getInt(452)).toBe(11);
    // Fields after the group are top level again.
    expect(m.getString(55)).toBe('EUR/USD');
    expect(m.fields.indexOf(448)).toBe(-1);
  });

  it('an ExecutionReport fill with contra brokers', () => {
    const bytes = msg(
      '8=FIX.4.4|35=8|34=88|49=VENUE|52=20261124-13:45:01.602|56=QMO|6=1.08511|11=ORD-1|14=100000|17=EX-9|31=1.08511|32=100000|37=V-1|38=250000|39=1|40=2|44=1.08512|54=1|55=EUR/USD|60=20261124-13:45:01.600|150=F|151=150000|382=2|375=BRK1|337=T1|437=60000|375=BRK2|437=40000',
    );
    const m = parser.parse(bytes, 0, bytes.length, true);
    expect(validator.validate(m)).toBeNull();
    const contra = m.group(382)!;
    expect([contra.getString(0, 375), contra.getDecimal(1, 437), contra.getString(1, 337)]).toEqual([
      'BRK1',
      '40000',
      undefined,
    ]);
    expect(m.getString(150)).toBe('F');
  });

  it('a MarketDataIncrementalRefresh with nested groups inside entries', () => {
    const bytes = msg(
      '8=FIX.4.4|35=X|34=5|49=FEED|52=20261124-13:45:01.700|56=QMO|262=MD1|268=3|279=0|269=0|278=B1|55=EURUSD|454=1|455=EU0001|456=4|270=1.0851|271=1000000|279=1|269=1|278=A1|55=EURUSD|270=1.0853|271=500000|279=2|269=0|278=B0|55=EURUSD',
    );
    const m = parser.parse(bytes, 0, bytes.length, true);
    expect(validator.validate(m)).toBeNull();
    const entries = m.group(268)!;
    expect(entries.length).toBe(3);
    const first = entries.instance(0);
    expect(first.group(454)?.getString(0, 455)).toBe('EU0001');
    expect(first.getDecimal(270)).toBe('1.0851');
    expect(entries.instance(2).getDecimal(270)).toBeUndefined();
    expect(m.toFieldList()[8]).toEqual([
      268,
      '3',
      [
        [
          [279, '0'],
          [269, '0'],
          [278, 'B1'],
          [55, 'EURUSD'],
          [
            454,
            '1',
            [
              [
                [455, 'EU0001'],
                [456, '4'],
              ],
            ],
          ],
          [270, '1.0851'],
          [271, '1000000'],
        ],
        [
          [279, '1'],
          [269, '1'],
          [278, 'A1'],
          [55, 'EURUSD'],
          [270, '1.0853'],
          [271, '500000'],
        ],
        [
          [279, '2'],
          [269, '0'],
          [278, 'B0'],
          [55, 'EURUSD'],
        ],
      ],
    ]);
  });

  it('a Logon whose RawData carries SOH and "10=" inside', () => {
    const raw = 'a\u000110=123\u0001b';
    const bytes = msg(
      `8=FIX.4.4|35=A|34=1|49=CLIENT|52=20261124-13:45:00|56=QMO|95=${raw.length}|96=${raw.replaceAll('\u0001', '|')}|98=0|108=30|141=Y|553=user|554=secret`,
    );
    const m = parser.parse(bytes, 0, bytes.length, true);
    expect(validator.validate(m)).toBeNull();
    expect(Buffer.from(m.getBytes(96)!).toString('latin1')).toBe(raw);
    expect(m.getInt(108)).toBe(30);
    expect(m.getBoolean(141)).toBe(true);
    expect(m.toString()).toContain('|96=a|10=123|b|98=0|');
  });

  it('negative and zero tags parse (the validator calls them invalid tag numbers)', () => {
    const m = parser.parse(msg('8=FIX.4.4|35=0|34=2|49=TW44|52=20261124-13:45:00|56=ISLD|-1=HI|0=HO'));
    expect(m.getString(-1)).toBe('HI');
    expect(m.getString(0)).toBe('HO');
  });
});

describe('malformed messages are typed errors', () => {
  const parser = new FixParser({ dictionary: dict });
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(FixCodecError);
      return (e as FixCodecError).code;
    }
    return 'none';
  };

  it.each([
    ['8=FIX.4.4|9=52|35=0|34=2|4garbled9=TW|52=20261124-13:45:00|56=ISLD|10=000|', 'BAD_FIELD'],
    ['8=FIX.4.4|9=5|35=0|novalue|10=000|', 'BAD_FIELD'],
    ['8=FIX.4.4|9=5|35=0|=x|10=000|', 'BAD_FIELD'],
    ['8=FIX.4.4|9=5|35=0|34=1', 'BAD_FIELD'],
    ['35=0|8=FIX.4.4|9=29|34=2|49=TW44|10=121|', 'BAD_HEADER_ORDER'],
    ['8=FIX.4.4|9=20|34=3|35=0|49=TW44|10=000|', 'BAD_HEADER_ORDER'],
    ['8=FIX.4.4|9=20|35=0|10=000|49=TW44|', 'BAD_HEADER_ORDER'],
    ['8=FIX.4.4|9=20|35=A|95=50|96=short|10=000|', 'BAD_DATA_LENGTH'],
    ['8=FIX.4.4|9=20|35=A|96=nolength|10=000|', 'BAD_DATA_LENGTH'],
  ])('%s → %s', (source, code) => {
    expect(codeOf(() => parser.parse(soh(source)))).toBe(code);
  });

  it('with verify, a wrong BodyLength or CheckSum', () => {
    const good = msg('8=FIX.4.4|35=0|34=2|49=A|52=20261124-13:45:00|56=B');
    expect(codeOf(() => parser.parse(good, 0, good.length, true))).toBe('none');
    const badSum = Buffer.from(good);
    badSum[badSum.length - 2] = badSum[badSum.length - 2] === 48 ? 49 : 48;
    expect(codeOf(() => parser.parse(badSum, 0, badSum.length, true))).toBe('BAD_CHECKSUM');
    const badLength = soh(text(good).replace(/\|9=(\d+)\|/, (_, n) => `|9=${Number(n) - 1}|`));
    expect(codeOf(() => parser.parse(badLength, 0, badLength.length, true))).toBe('BAD_BODY_LENGTH');
  });
});

describe('repeating groups as nested views', () => {
  const parser = new FixParser({ dictionary: dict });

  it('records instances found against the declared count, and instances not opened by the delimiter', () => {
    const m = parser.parse(
      msg(
        '8=FIX.4.4|35=D|34=2|49=A|52=20261124-13:45:00|56=B|11=ID|386=3|336=PRE-OPEN|336=AFTER-HOURS|60=20261124-13:45:00',
      ),
    );
    const g = m.group(386)!;
    expect([g.declared, g.length]).toEqual([3, 2]);
    expect(g.getString(1, 336)).toBe('AFTER-HOURS');
    expect(m.getString(60)).toBe('20261124-13:45:00');
    const mis = parser.parse(
      msg('8=FIX.4.4|35=D|34=2|49=A|52=20261124-13:45:00|56=B|453=1|447=D|448=X|54=1'),
    );
    expect(mis.groupMisorder[mis.indexOf(453)]).toBe(447);
  });

  it('without a dictionary every field is top level', () => {
    const m = new FixParser().parse(msg('8=FIX.4.4|35=D|453=2|448=A|448=B'));
    expect(m.group(453)).toBeUndefined();
    expect(m.getString(448)).toBe('A');
    expect(m.toFieldList()).toHaveLength(7);
  });

  it('a NumInGroup of zero', () => {
    const m = parser.parse(
      msg(
        '8=FIX.4.4|35=d|34=2|49=TW44|56=ISLD|52=20261124-13:45:00|320=JCD1091-20021011|322=1034356488676|323=6|55=TBS|22=8|167=CS|336=ONE_MAIN|58=No Products found for this Class Symbol|454=0',
      ),
    );
    expect(m.group(454)?.length).toBe(0);
    expect(new FixValidator(dict).validate(m)).toBeNull();
  });
});

describe('FixEncoder', () => {
  it('grows its buffer, and reuses it: finish() is a view, finishCopy() is not', () => {
    const enc = new FixEncoder({ initialCapacity: 16 });
    const long = 'x'.repeat(100_000);
    const first = enc.begin('B').str(58, long).finishCopy();
    const view = enc.begin('0').str(112, 'T1').finish();
    const kept = text(view);
    enc.begin('0').str(112, 'T2').finish();
    expect(text(view)).not.toBe(kept);
    expect(new FixParser().parse(first, 0, first.length, true).getString(58)).toBe(long);
  });

  it('writes BodyLength and CheckSum as a counterparty expects', () => {
    const enc = new FixEncoder();
    const bytes = enc
      .begin('0')
      .int(34, 2)
      .str(49, 'ISLD')
      .str(52, '20020619-16:14:10')
      .str(56, 'TW')
      .finish();
    expect(text(bytes)).toBe(text(msg('8=FIX.4.4|35=0|34=2|49=ISLD|52=20020619-16:14:10|56=TW')));
  });

  it.each([
    ['SOH in a value', (e: FixEncoder) => e.str(58, 'a\u0001b')],
    ['a character above U+00FF', (e: FixEncoder) => e.str(58, 'zł')],
    ['a binary float', (e: FixEncoder) => e.decimal(44, 1.5)],
    ['a malformed decimal', (e: FixEncoder) => e.decimal(44, '1e5')],
    ['a tag that is not a positive integer', (e: FixEncoder) => e.str(0, 'x')],
    ['an unsafe integer', (e: FixEncoder) => e.int(34, 2 ** 60)],
  ])('refuses %s with BAD_VALUE', (_, write) => {
    const enc = new FixEncoder().begin('B');
    expect(() => write(enc)).toThrow(expect.objectContaining({ code: 'BAD_VALUE' }));
  });

  it('copies parsed fields and groups as they were sent', () => {
    const parser = new FixParser({ dictionary: dict });
    const source = msg('8=FIX.4.4|35=D|34=2|49=A|52=20261124-13:45:00|56=B|55=X|453=2|448=P1|448=P2|11=ID');
    const m = parser.parse(source);
    const enc = new FixEncoder();
    enc.begin('D').str(49, 'B').str(56, 'A');
    enc
      .copyField(m, m.indexOf(11))
      .copyField(m, m.indexOf(453))
      .copyFields(m, m.indexOf(55), m.indexOf(55) + 1);
    expect(text(enc.finish())).toMatch(/\|35=D\|49=B\|56=A\|11=ID\|453=2\|448=P1\|448=P2\|55=X\|10=\d{3}\|$/);
  });
});
