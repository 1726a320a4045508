import { describe, expect, it } from 'vitest';
import {
  beginStringIs,
  compIdProblem,
  FixParser,
  type FixRejectInfo,
  FixValidator,
  type FixValidatorOptions,
  loadFix44Dictionary,
  SessionRejectReason,
  sendingTimeProblem,
} from '../../src/fix/index.js';
import { msg } from './helpers.js';

const dict = loadFix44Dictionary();
const parser = new FixParser({ dictionary: dict });
const T = '20261124-13:45:00';
const H = `8=FIX.4.4|35=D|34=2|49=TW44|52=${T}|56=ISLD`;
const NOS = `11=ID|21=1|40=1|54=1|38=200.00|55=INTC|60=${T}`;

function check(fields: string, options: FixValidatorOptions = {}): FixRejectInfo | null {
  return new FixValidator(dict, options).validate(parser.parse(msg(fields)));
}
const R = SessionRejectReason;

describe('FixValidator: one reason per fault, as the FIX 4.4 session tests expect', () => {
  it('accepts valid messages, including header and body fields in any order within their section (15)', () => {
    expect(check(`${H}|${NOS}`)).toBeNull();
    expect(
      check(`8=FIX.4.4|35=D|49=TW44|34=3|56=ISLD|52=${T}|40=1|55=MSFT|60=${T}|54=1|21=3|11=id`),
    ).toBeNull();
    expect(check(`8=FIX.4.4|35=A|34=1|49=TW44|52=${T}|56=ISLD|98=0|108=2`)).toBeNull();
  });

  it.each<[string, string, SessionRejectReason, number | undefined, string]>([
    [
      'undefined tag (14a)',
      `8=FIX.4.4|35=0|34=2|49=TW44|52=${T}|56=ISLD|999=HI`,
      R.InvalidTagNumber,
      999,
      'Invalid tag number',
    ],
    [
      'tag 0 (14a)',
      `8=FIX.4.4|35=0|34=3|49=TW44|52=${T}|56=ISLD|0=HI`,
      R.InvalidTagNumber,
      0,
      'Invalid tag number',
    ],
    [
      'tag -1 (14a)',
      `8=FIX.4.4|35=0|34=4|49=TW44|52=${T}|56=ISLD|-1=HI`,
      R.InvalidTagNumber,
      -1,
      'Invalid tag number',
    ],
    [
      'user tag 5000 (14a)',
      `8=FIX.4.4|35=0|34=5|49=TW44|52=${T}|56=ISLD|5000=HI`,
      R.InvalidTagNumber,
      5000,
      'Invalid tag number',
    ],
    [
      'header field missing (14b)',
      `8=FIX.4.4|35=0|34=2|49=TW44|52=${T}`,
      R.RequiredTagMissing,
      56,
      'Required tag missing',
    ],
    [
      'body fields missing: the lowest tag (14b)',
      `8=FIX.4.4|35=D|49=TW44|34=3|56=ISLD|52=${T}|40=1|60=${T}|54=1|21=3`,
      R.RequiredTagMissing,
      11,
      'Required tag missing',
    ],
    [
      'tag not defined for the message type (14c)',
      `8=FIX.4.4|35=0|34=2|49=TW44|52=${T}|56=ISLD|55=MSFT`,
      R.TagNotDefinedForMessageType,
      55,
      'Tag not defined for this message type',
    ],
    [
      'group member outside its group',
      `${H}|${NOS}|336=PRE-OPEN`,
      R.TagNotDefinedForMessageType,
      336,
      'Tag not defined for this message type',
    ],
    [
      'empty value (14d)',
      `8=FIX.4.4|35=0|34=2|49=TW44|52=${T}|56=`,
      R.TagSpecifiedWithoutValue,
      56,
      'Tag specified without a value',
    ],
    [
      'empty routing tag',
      `${H}|115=|${NOS}`,
      R.TagSpecifiedWithoutValue,
      115,
      'Tag specified without a value',
    ],
    [
      'enum value out of range (14e)',
      `${H}|11=ID|21=4|40=1|54=1|38=002000.00|55=INTC|60=${T}`,
      R.ValueIsIncorrect,
      21,
      'Value is incorrect (out of range) for this tag',
    ],
    [
      'string enum (14e)',
      `${H}|${NOS}|167=BOO`,
      R.ValueIsIncorrect,
      167,
      'Value is incorrect (out of range) for this tag',
    ],
    [
      'multiple-value enum',
      `${H}|${NOS}|18=1 ~`,
      R.ValueIsIncorrect,
      18,
      'Value is incorrect (out of range) for this tag',
    ],
    [
      'float with a plus sign (14f)',
      `${H}|11=ID|21=1|40=1|54=1|38=+200.00|55=INTC|60=${T}`,
      R.IncorrectDataFormat,
      38,
      'Incorrect data format for value',
    ],
    [
      'timestamp',
      `${H}|11=ID|21=1|40=1|54=1|55=INTC|60=20261324-13:45:00`,
      R.IncorrectDataFormat,
      60,
      'Incorrect data format for value',
    ],
    [
      'sequence number',
      `8=FIX.4.4|35=0|34=2x|49=TW44|52=${T}|56=ISLD`,
      R.IncorrectDataFormat,
      34,
      'Incorrect data format for value',
    ],
    [
      'boolean',
      `8=FIX.4.4|35=0|34=2|43=X|49=TW44|52=${T}|56=ISLD`,
      R.IncorrectDataFormat,
      43,
      'Incorrect data format for value',
    ],
    [
      'char of two characters',
      `${H}|${NOS}|59=01`,
      R.IncorrectDataFormat,
      59,
      'Incorrect data format for value',
    ],
    [
      'invalid MsgType (2q)',
      `8=FIX.4.4|35=*|34=2|49=TW44|52=${T}|56=ISLD`,
      R.InvalidMsgType,
      undefined,
      'Invalid MsgType',
    ],
    [
      'tag repeated outside a group (14h)',
      `${H}|11=ID|21=1|40=1|40=2|54=1|38=200.00|55=INTC|60=${T}`,
      R.TagAppearsMoreThanOnce,
      40,
      'Tag appears more than once',
    ],
    [
      'header fields after the body (14g)',
      `8=FIX.4.4|35=D|11=id|21=3|40=1|54=1|55=MSFT|60=${T}|34=2|49=TW44|52=${T}|56=ISLD`,
      R.TagSpecifiedOutOfRequiredOrder,
      34,
      'Tag specified out of required order',
    ],
    [
      'one body field before the header (14g)',
      `8=FIX.4.4|35=D|55=MSFT|34=3|49=TW44|52=${T}|56=ISLD|11=id|21=3|40=1|54=1|60=${T}`,
      R.TagSpecifiedOutOfRequiredOrder,
      34,
      'Tag specified out of required order',
    ],
    [
      'a body field after the trailer',
      `${H}|${NOS}|93=2|89=ab|58=late`,
      R.TagSpecifiedOutOfRequiredOrder,
      58,
      'Tag specified out of required order',
    ],
    [
      'group count too high (14i)',
      `${H}|11=ID|21=1|40=1|54=1|38=200.00|55=INTC|386=3|336=PRE-OPEN|336=AFTER-HOURS|60=${T}`,
      R.IncorrectNumInGroupCount,
      386,
      'Incorrect NumInGroup count for repeating group',
    ],
    [
      'group count too low',
      `${H}|${NOS}|453=1|448=A|448=B`,
      R.IncorrectNumInGroupCount,
      453,
      'Incorrect NumInGroup count for repeating group',
    ],
    [
      'instance not opened by the delimiter',
      `${H}|${NOS}|453=1|447=D|452=1`,
      R.RepeatingGroupFieldsOutOfOrder,
      447,
      'Repeating group fields out of order',
    ],
    [
      'required member missing in an instance',
      `8=FIX.4.4|35=E|34=2|49=TW44|52=${T}|56=ISLD|66=L1|68=1|394=1|73=1|11=C1|67=1`,
      R.RequiredTagMissing,
      54,
      'Required tag missing',
    ],
    [
      'enum inside a group instance',
      `${H}|${NOS}|453=1|448=A|447=!`,
      R.ValueIsIncorrect,
      447,
      'Value is incorrect (out of range) for this tag',
    ],
    [
      'nested group count',
      `${H}|${NOS}|453=1|448=A|802=2|523=S1`,
      R.IncorrectNumInGroupCount,
      802,
      'Incorrect NumInGroup count for repeating group',
    ],
  ])('%s', (_, fields, reason, refTagId, text) => {
    const result = check(fields);
    expect(result).toEqual(refTagId === undefined ? { reason, text } : { reason, refTagId, text });
  });

  it('NO_CHECK_FIELDS_HAVE_VALUES: empty values pass when the check is off', () => {
    expect(check(`8=FIX.4.4|35=0|34=2|49=TW44|52=${T}|56=`, { checkFieldsHaveValues: false })).toBeNull();
    expect(check(`${H}|115=|${NOS}`, { checkFieldsHaveValues: false })).toBeNull();
  });

  it('user-defined fields can be let through, and unknown standard ones too', () => {
    const user = `8=FIX.4.4|35=0|34=5|49=TW44|52=${T}|56=ISLD|5000=HI`;
    expect(check(user, { checkUserDefinedFields: false })).toBeNull();
    const unknown = `8=FIX.4.4|35=0|34=2|49=TW44|52=${T}|56=ISLD|999=HI|55=MSFT`;
    expect(check(unknown, { allowUnknownMessageFields: true })).toBeNull();
    expect(check(unknown, { checkUserDefinedFields: false })?.reason).toBe(R.InvalidTagNumber);
  });

  it('order checking can be turned off', () => {
    const late = `8=FIX.4.4|35=D|11=id|21=3|40=1|54=1|55=MSFT|60=${T}|34=2|49=TW44|52=${T}|56=ISLD`;
    expect(check(late, { checkFieldsOutOfOrder: false })).toBeNull();
  });

  it('header groups are checked too', () => {
    expect(check(`8=FIX.4.4|35=0|34=2|49=TW44|52=${T}|56=ISLD|627=1|628=HOP1|629=${T}`)).toBeNull();
    expect(check(`8=FIX.4.4|35=0|34=2|49=TW44|52=${T}|56=ISLD|627=2|628=HOP1`)).toEqual({
      reason: R.IncorrectNumInGroupCount,
      refTagId: 627,
      text: 'Incorrect NumInGroup count for repeating group',
    });
  });
});

describe('header checks for the session layer', () => {
  const view = () => parser.parse(msg(`8=FIX.4.4|35=0|34=2|49=TW44|52=20261124-13:45:00.000|56=ISLD|112=X`));
  const now = Date.UTC(2026, 10, 24, 13, 45, 0);

  it('BeginString', () => {
    expect(beginStringIs(view(), 'FIX.4.4')).toBe(true);
    expect(beginStringIs(view(), 'FIX.4.2')).toBe(false);
  });

  it('CompIDs: reason 9 with the tag that is wrong', () => {
    expect(compIdProblem(view(), 'ISLD', 'TW44')).toBeNull();
    expect(compIdProblem(view(), 'ISLD', 'OTHER')).toEqual({
      reason: 9,
      refTagId: 49,
      text: 'CompID problem',
    });
    expect(compIdProblem(view(), 'QMO', 'TW44')).toEqual({ reason: 9, refTagId: 56, text: 'CompID problem' });
  });

  it('SendingTime accuracy: reason 10 outside the tolerance', () => {
    expect(sendingTimeProblem(view(), now + 119_000)).toBeNull();
    expect(sendingTimeProblem(view(), now - 121_000)).toEqual({
      reason: 10,
      refTagId: 52,
      text: 'SendingTime accuracy problem',
    });
    expect(sendingTimeProblem(view(), now + 5_000, 1_000)?.reason).toBe(10);
  });

  it('bodyRange: the body between header and trailer, groups included', () => {
    const v = parser.parse(msg(`${H}|${NOS}|453=1|448=A|93=2|89=ab`));
    const [from, to] = new FixValidator(dict).bodyRange(v);
    expect(v.tags[from]).toBe(11);
    expect(v.tags[to]).toBe(93);
    expect(v.tags.slice(from, to)).toEqual(Int32Array.from([11, 21, 40, 54, 38, 55, 60, 453, 448]));
  });
});
