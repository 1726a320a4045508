import fc from 'fast-check';
import {
  type FixDictionary,
  type FixFieldDef,
  type FixFieldEntry,
  type FixFieldList,
  type FixFieldSetDef,
  type FixMessageDef,
  FixValueKind,
} from '../../src/fix/index.js';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Latin-1 strings without SOH (what a FIX string value may hold). */
export const latin1String = (min = 1, max = 20) =>
  fc
    .array(
      fc.integer({ min: 2, max: 255 }).map((c) => String.fromCharCode(c)),
      { minLength: min, maxLength: max },
    )
    .map((a) => a.join(''));

const printable = (min: number, max: number) =>
  fc
    .array(
      fc.integer({ min: 33, max: 126 }).map((c) => String.fromCharCode(c)),
      { minLength: min, maxLength: max },
    )
    .map((a) => a.join(''));

/** Exact decimals in FIX float syntax: "-12.3400", "0.5", "7". */
export const decimalString = fc
  .tuple(
    fc.boolean(),
    fc.nat({ max: 10 ** 9 }),
    fc.option(fc.stringMatching(/^[0-9]{1,8}$/), { nil: undefined }),
  )
  .map(
    ([neg, int, frac]) =>
      `${neg && (int > 0 || frac) ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}`,
  );

/** Epoch milliseconds in years 1970–2200. */
export const epochMs = fc.integer({ min: 0, max: Date.UTC(2200, 0, 1) - 1 });

export function formatTimestamp(ms: number, millis = true): string {
  const d = new Date(ms);
  const base = `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}-${pad(
    d.getUTCHours(),
    2,
  )}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  return millis ? `${base}.${pad(d.getUTCMilliseconds(), 3)}` : base;
}

/** A valid value of a dictionary field, as the string that goes on the wire. */
export function fieldValue(def: FixFieldDef): fc.Arbitrary<string> {
  if (def.values && def.values.size > 0) {
    const values = [...def.values.keys()];
    if (!def.multipleValues) return fc.constantFrom(...values);
    return fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }).map((a) => a.join(' '));
  }
  switch (def.kind) {
    case FixValueKind.Char:
      return fc.integer({ min: 33, max: 126 }).map((c) => String.fromCharCode(c));
    case FixValueKind.Int:
      return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map(String);
    case FixValueKind.SeqNum:
      return fc.nat().map(String);
    case FixValueKind.Float:
      return decimalString;
    case FixValueKind.UtcTimestamp:
      return fc.tuple(epochMs, fc.boolean()).map(([ms, millis]) => formatTimestamp(ms, millis));
    case FixValueKind.UtcTimeOnly:
      return epochMs.map((ms) => formatTimestamp(ms).slice(9));
    case FixValueKind.UtcDate:
      return epochMs.map((ms) => formatTimestamp(ms).slice(0, 8));
    case FixValueKind.Boolean:
      return fc.constantFrom('Y', 'N');
    default:
      return printable(1, 16);
  }
}

/** Fields the random message generator leaves out: length-prefixed data and their lengths. */
function skip(dict: FixDictionary, tag: number): boolean {
  const def = dict.field(tag)!;
  return def.kind === FixValueKind.Data || def.type === 'LENGTH';
}

/**
 * The fields of one structure (body or group instance) in dictionary order: every required member,
 * each optional one with probability ½; groups with 0–2 instances (1–2 when required); optional
 * groups only down to depth 2.
 */
export function fieldsOf(
  dict: FixDictionary,
  set: FixFieldSetDef,
  depth: number,
  first?: number,
): fc.Arbitrary<FixFieldList> {
  const members = set.members.filter((m) => !skip(dict, m.tag));
  const parts = members.map((m) => {
    const must = m.required || m.tag === first;
    if (m.group) {
      if (depth >= 2 && !must) return fc.constant(undefined);
      const group = m.group;
      const instances = fc.array(fieldsOf(dict, group, depth + 1, group.delimiter), {
        minLength: must ? 1 : 0,
        maxLength: 2,
      });
      const entry = instances.map((list): FixFieldEntry => [m.tag, String(list.length), list]);
      return must ? entry : fc.option(entry, { nil: undefined, freq: 1 });
    }
    const entry = fieldValue(dict.field(m.tag)!).map((v): FixFieldEntry => [m.tag, v]);
    return must ? entry : fc.option(entry, { nil: undefined, freq: 1 });
  });
  return fc.tuple(...parts).map((entries) => {
    const out: FixFieldEntry[] = [];
    for (const e of entries) if (e) out.push(e);
    return out;
  });
}

/** Messages of the dictionary whose required members the generator can fill. */
export function generatableMessages(dict: FixDictionary): FixMessageDef[] {
  return [...dict.messages].filter((m) => m.required.every((t) => !skip(dict, t)));
}

/** A valid standard header (after 8, 9, 35). */
export const headerFields: fc.Arbitrary<FixFieldList> = fc
  .tuple(printable(1, 12), printable(1, 12), fc.integer({ min: 1, max: 2 ** 31 - 1 }), epochMs)
  .map(([sender, target, seq, time]) => [
    [34, String(seq)],
    [49, sender],
    [52, formatTimestamp(time)],
    [56, target],
  ]);
