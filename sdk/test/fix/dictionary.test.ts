import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FixDictionary,
  FixDictionaryError,
  FixValueKind,
  fixDataPath,
  loadFix44Dictionary,
  MsgType,
  Tag,
} from '../../src/fix/index.js';

const dict = loadFix44Dictionary();

describe('FIX 4.4 dictionary (QuickFIX FIX44.xml)', () => {
  it('has the version, the fields and the messages', () => {
    expect(dict.beginString).toBe('FIX.4.4');
    expect(dict.maxTag).toBe(956);
    expect([...dict.messages]).toHaveLength(93);
    expect(loadFix44Dictionary()).toBe(dict);
  });

  it('knows fields by tag and by name, with types and enums', () => {
    const side = dict.field(54)!;
    expect(side).toMatchObject({ name: 'Side', type: 'CHAR', kind: FixValueKind.Char });
    expect(side.values?.get('1')).toBe('BUY');
    expect(dict.describe(54, '2')).toBe('SELL');
    expect(dict.fieldByName('Price')).toMatchObject({ tag: 44, kind: FixValueKind.Float });
    expect(dict.field(60)?.kind).toBe(FixValueKind.UtcTimestamp);
    expect(dict.field(34)?.kind).toBe(FixValueKind.SeqNum);
    expect(dict.field(43)?.kind).toBe(FixValueKind.Boolean);
    expect(dict.field(18)?.multipleValues).toBe(true);
    expect(dict.field(999)).toBeUndefined();
    expect(dict.tagOf('ClOrdID')).toBe(11);
    expect(() => dict.tagOf('NoSuchField')).toThrow(FixDictionaryError);
  });

  it('links DATA fields to their LENGTH fields', () => {
    expect(dict.field(96)?.lengthTag).toBe(95);
    expect(dict.field(355)?.lengthTag).toBe(354);
    expect(dict.field(89)?.lengthTag).toBe(93);
    expect(dict.field(58)?.lengthTag).toBe(0);
  });

  it('every Tag and MsgType constant agrees with the dictionary', () => {
    for (const [name, tag] of Object.entries(Tag)) expect(dict.field(tag)?.name, name).toBe(name);
    for (const [name, type] of Object.entries(MsgType)) expect(dict.message(type)?.name, name).toBe(name);
  });

  it('header and trailer: required fields ascending, NoHops group', () => {
    expect(dict.header.required).toEqual([8, 9, 34, 35, 49, 52, 56]);
    expect(dict.trailer.required).toEqual([10]);
    expect(dict.isHeaderTag(115)).toBe(true);
    expect(dict.isTrailerTag(93)).toBe(true);
    expect(dict.header.group(627)).toMatchObject({ name: 'NoHops', delimiter: 628 });
  });

  it('NewOrderSingle: required fields through required components only', () => {
    const nos = dict.message('D')!;
    expect(nos).toMatchObject({ name: 'NewOrderSingle', category: 'app' });
    // ClOrdID, OrdType, Side, TransactTime; Instrument and OrderQtyData are required but their fields are not.
    expect(nos.required).toEqual([11, 40, 54, 60]);
    expect(nos.has(55)).toBe(true); // from Instrument
    expect(nos.has(38)).toBe(true); // from OrderQtyData
    expect(nos.has(336)).toBe(false); // only inside NoTradingSessions
    expect(nos.group(386)).toMatchObject({ name: 'NoTradingSessions', delimiter: 336 });
    expect(dict.message('0')?.category).toBe('admin');
  });

  it("ExecutionReport's groups, nested groups and shared definitions", () => {
    const er = dict.message('8')!;
    expect(er.required).toEqual([6, 14, 17, 37, 39, 54, 150, 151]);
    const parties = er.group(453)!;
    expect(parties).toMatchObject({ name: 'NoPartyIDs', delimiter: 448 });
    expect(parties.group(802)).toMatchObject({ name: 'NoPartySubIDs', delimiter: 523 });
    expect(er.group(382)).toMatchObject({ name: 'NoContraBrokers', delimiter: 375 });
    expect(er.group(555)?.has(600)).toBe(true);
    // Parties is one component: its group definition is the same object in every message.
    expect(dict.message('D')!.group(453)).toBe(parties);
    expect([...er.groups.keys()].sort((a, b) => a - b)).toEqual(
      expect.arrayContaining([232, 382, 453, 454, 518, 555, 711, 136, 864]),
    );
  });

  it('MarketDataIncrementalRefresh: a required group whose members keep dictionary order', () => {
    const x = dict.message('X')!;
    expect(x.required).toEqual([268]);
    const entries = x.group(268)!;
    expect(entries.delimiter).toBe(279);
    expect(entries.members.slice(0, 5).map((m) => m.tag)).toEqual([279, 285, 269, 278, 280]);
    expect(entries.required).toEqual([279]);
  });

  it('ships the conformance definitions beside the dictionary', () => {
    const defs = readdirSync(fixDataPath('fix44', 'session-tests')).filter((f) => f.endsWith('.def'));
    expect(defs).toHaveLength(59);
  });
});

describe('FixDictionary.fromXml', () => {
  const base = (body: string, fields = '') => `<fix type='FIX' major='4' minor='4'>
    <header><field name='BeginString' required='Y'/></header>
    <trailer><field name='CheckSum' required='Y'/></trailer>
    <messages>${body}</messages>
    <components>
      <component name='Inner'><field name='Text' required='Y'/></component>
      <component name='Outer'><component name='Inner' required='Y'/><field name='Side' required='Y'/></component>
    </components>
    <fields>
      <field number='8' name='BeginString' type='STRING'/>
      <field number='10' name='CheckSum' type='STRING'/>
      <field number='54' name='Side' type='CHAR'><value enum='1' description='BUY'/></field>
      <field number='58' name='Text' type='STRING'/>
      <field number='73' name='NoOrders' type='NUMINGROUP'/>
      <field number='11' name='ClOrdID' type='STRING'/>
      ${fields}
    </fields></fix>`;

  it('expands components recursively; a field is required only through required components', () => {
    const d = FixDictionary.fromXml(
      base(`<message name='A' msgtype='a' msgcat='app'><component name='Outer' required='Y'/></message>
            <message name='B' msgtype='b' msgcat='app'><component name='Outer' required='N'/></message>
            <message name='C' msgtype='c' msgcat='app'>
              <group name='NoOrders' required='N'><field name='ClOrdID' required='Y'/><component name='Outer' required='N'/></group>
            </message>`),
    );
    expect(d.message('a')!.required).toEqual([54, 58]);
    expect(d.message('b')!.required).toEqual([]);
    expect(d.message('b')!.has(58)).toBe(true);
    const group = d.message('c')!.group(73)!;
    expect(group.delimiter).toBe(11);
    expect(group.required).toEqual([11]);
    expect(group.members.map((m) => m.tag)).toEqual([11, 58, 54]);
  });

  it.each([
    [
      "<message name='A' msgtype='a'><field name='Nope' required='Y'/></message>",
      /Nope .* is not in <fields>/,
    ],
    ["<message name='A' msgtype='a'><component name='Missing' required='Y'/></message>", /component Missing/],
    ["<message name='A' msgtype='a'/><message name='B' msgtype='a'/>", /msgtype a defined twice/],
    [
      "<message name='A' msgtype='a'><field name='Side' required='Y'/><field name='Side' required='N'/></message>",
      /Side appears twice/,
    ],
  ])('refuses an inconsistent dictionary: %s', (body, message) => {
    expect(() => FixDictionary.fromXml(base(body))).toThrow(message);
  });

  it('refuses duplicate fields and self-containing components', () => {
    expect(() => FixDictionary.fromXml(base('', "<field number='54' name='Side2' type='CHAR'/>"))).toThrow(
      /field number 54 defined twice/,
    );
    const cyclic = base(
      "<message name='A' msgtype='a'><component name='Loop' required='Y'/></message>",
    ).replace(
      '<components>',
      "<components><component name='Loop'><component name='Loop' required='Y'/></component>",
    );
    expect(() => FixDictionary.fromXml(cyclic)).toThrow(/contains itself/);
    expect(() => FixDictionary.fromXml('<fox/>')).toThrow(/not <fix>/);
  });
});
