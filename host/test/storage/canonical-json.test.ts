import { describe, expect, it } from 'vitest';
import { auditRecordHash, canonicalJson, GENESIS_HASH } from '../../src/db/index.js';

describe('canonicalJson', () => {
  it('sorts keys recursively by UTF-16 code units, integer-like keys too', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: null }, '10': 0, '9': 0, B: 0 })).toBe(
      '{"10":0,"9":0,"B":0,"a":{"c":null,"d":[3,{"x":2,"y":1}]},"b":1}',
    );
    expect(canonicalJson({ '\u{1f600}': 1, '\uffff': 2 })).toBe('{"\u{1f600}":1,"\uffff":2}');
  });

  it('gives the same text for equal values whatever the key order', () => {
    const a = { x: 1, y: { p: 'q', r: [1, 2] } };
    const b = { y: { r: [1, 2], p: 'q' }, x: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(JSON.parse(canonicalJson(a)))).toBe(canonicalJson(a));
  });

  it('takes values as JSON.stringify does', () => {
    const value = {
      d: new Date(Date.UTC(2026, 0, 5)),
      u: undefined,
      f: () => 1,
      s: Symbol('s'),
      n: Number.NaN,
      i: Number.POSITIVE_INFINITY,
      list: [undefined, () => 1, 1e21, -0, 0.1],
      boxed: new String('x'),
      text: 'a"b\\c\n\u0001\u2028',
    };
    expect(JSON.parse(canonicalJson(value))).toStrictEqual(JSON.parse(JSON.stringify(value)));
    expect(canonicalJson(value)).toBe(
      '{"boxed":"x","d":"2026-01-05T00:00:00.000Z","i":null,"list":[null,null,1e+21,0,0.1],"n":null,"text":"a\\"b\\\\c\\n\\u0001\u2028"}',
    );
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson('x')).toBe('"x"');
  });

  it('refuses bigints, cycles and values with no JSON form', () => {
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    // A shared (not cyclic) object is fine.
    const shared = { v: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"v":1},"b":{"v":1}}');
  });
});

describe('auditRecordHash', () => {
  it('is sha256 over the canonical record, absent account and subject as null', async () => {
    const { createHash } = await import('node:crypto');
    const record = {
      seq: 1,
      ts: 5,
      actor: 'a',
      action: 'x',
      payload: { b: 1, a: 2 },
      prevHash: GENESIS_HASH,
    };
    const text = `{"account":null,"action":"x","actor":"a","payload":{"a":2,"b":1},"prevHash":"${GENESIS_HASH}","seq":1,"subject":null,"ts":5}`;
    expect(auditRecordHash(record)).toBe(createHash('sha256').update(text).digest('hex'));
    expect(auditRecordHash({ ...record, account: 'acc' })).not.toBe(auditRecordHash(record));
  });
});
