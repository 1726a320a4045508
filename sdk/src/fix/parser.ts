import type { FixDictionary, FixFieldSetDef, FixGroupDef } from './dictionary.js';
import { copyBytes, FixCodecError } from './errors.js';
import { verifyFrame } from './framer.js';
import { FixMessageView } from './message-view.js';
import { TagMarks } from './tag-set.js';
import { decodeInt, decodeString } from './values.js';

export interface FixParserOptions {
  /**
   * Structures repeating groups (nested views, NumInGroup checks) and locates length-prefixed DATA
   * fields by this dictionary. Without one every field is top level and the FIX 4.4 data fields are
   * assumed.
   */
  readonly dictionary?: FixDictionary;
}

/** DATA field → its LENGTH field, as in FIX 4.x (used when no dictionary is given). */
const STANDARD_DATA_FIELDS: ReadonlyArray<readonly [number, number]> = [
  [89, 93],
  [91, 90],
  [96, 95],
  [213, 212],
  [349, 348],
  [351, 350],
  [353, 352],
  [355, 354],
  [357, 356],
  [359, 358],
  [361, 360],
  [363, 362],
  [365, 364],
  [446, 445],
  [619, 618],
  [622, 621],
];

const EMPTY_GROUPS = new Map<number, FixGroupDef>();

/**
 * Parses one framed message (from `8=` through the CheckSum's SOH) into a reusable `FixMessageView`:
 * one pass over the bytes, no object per field. Malformed structure is a `FixCodecError`
 * (`BAD_FIELD`, `BAD_HEADER_ORDER`, `BAD_DATA_LENGTH`, and with `verify` `BAD_BODY_LENGTH` /
 * `BAD_CHECKSUM`) — for a session, a garbled message to ignore. Content (required fields, enums,
 * formats…) is the validator's business.
 */
export class FixParser {
  readonly view = new FixMessageView();
  readonly dictionary: FixDictionary | undefined;
  /** lengthOf[dataTag] = its LENGTH tag (0: not a data field). */
  private readonly lengthOf: Int32Array;
  private readonly marks: TagMarks[] = [];
  private readonly msgTypes = new Map<number, string>();
  private stack = new Int32Array(64);
  private stackTop = 0;

  constructor(options: FixParserOptions = {}) {
    this.dictionary = options.dictionary;
    const pairs: (readonly [number, number])[] = [];
    if (this.dictionary) {
      for (const f of this.dictionary.fields)
        if (f.lengthTag > 0 && f.tag < 65536) pairs.push([f.tag, f.lengthTag]);
    } else pairs.push(...STANDARD_DATA_FIELDS);
    this.lengthOf = new Int32Array(Math.max(0, ...pairs.map(([t]) => t)) + 1);
    for (const [t, l] of pairs) this.lengthOf[t] = l;
  }

  /**
   * Parses `bytes[start, end)`. With `verify`, BodyLength and CheckSum are checked too (the framer
   * already does it for streams). The returned view is this parser's, refilled by the next call.
   */
  parse(bytes: Uint8Array, start = 0, end = bytes.length, verify = false): FixMessageView {
    const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (verify) {
      const problem = verifyFrame(b, start, end);
      if (problem) throw problem;
    }
    const v = this.view;
    v.buffer = b;
    v.start = start;
    v.end = end;
    v.count = 0;
    v.instanceCount = 0;
    v.structured = false;
    this.tokenize(b, start, end);
    const n = v.count;
    const tags = v.tags;
    if (n < 4 || tags[0] !== 8 || tags[1] !== 9 || tags[2] !== 35 || tags[n - 1] !== 10) {
      throw new FixCodecError(
        'BAD_HEADER_ORDER',
        n < 4
          ? 'a message needs at least BeginString, BodyLength, MsgType and CheckSum'
          : tags[n - 1] !== 10
            ? 'CheckSum (10) is not the last field'
            : 'the first three fields must be BeginString (8), BodyLength (9), MsgType (35)',
        copyBytes(b, start, end),
      );
    }
    v.msgType = this.internMsgType(b, v.valueStart[2]!, v.valueEnd[2]!);
    for (let i = 0; i < n; i++) {
      v.next[i] = i + 1;
      v.groupFound[i] = -1;
    }
    if (this.dictionary) this.structure();
    v.reset();
    return v;
  }

  private tokenize(b: Buffer, start: number, end: number): void {
    const v = this.view;
    const lengthOf = this.lengthOf;
    let n = 0;
    let p = start;
    while (p < end) {
      const fieldStart = p;
      let negative = false;
      if (b[p] === 45) {
        negative = true;
        p++;
      }
      const digits = p;
      let tag = 0;
      while (p < end) {
        const d = b[p]! - 48;
        if (d === 13) break; // "="
        if (d < 0 || d > 9) throw this.badField(b, fieldStart, end, 'tag is not a number');
        tag = tag * 10 + d;
        if (tag > 2147483647) throw this.badField(b, fieldStart, end, 'tag is out of range');
        p++;
      }
      if (p === digits || p >= end) throw this.badField(b, fieldStart, end, 'no "=" after the tag');
      if (negative) tag = -tag;
      const valueStart = ++p;
      const lengthTag = tag > 0 && tag < lengthOf.length ? lengthOf[tag]! : 0;
      if (lengthTag > 0) {
        // A DATA field: its length was sent in an earlier field (usually the one just before).
        let k = n - 1;
        while (k >= 0 && v.tags[k] !== lengthTag) k--;
        const length = k < 0 ? Number.NaN : decodeInt(b, v.valueStart[k]!, v.valueEnd[k]!);
        if (!(length >= 0) || valueStart + length >= end || b[valueStart + length] !== 1) {
          throw new FixCodecError(
            'BAD_DATA_LENGTH',
            k < 0
              ? `data field ${tag} without its length field ${lengthTag}`
              : `data field ${tag}: length ${v.stringAt(k)} does not end at a SOH`,
            copyBytes(b, fieldStart, end),
            tag,
          );
        }
        p = valueStart + length;
      } else {
        while (p < end && b[p] !== 1) p++;
        if (p >= end) throw this.badField(b, fieldStart, end, 'no SOH after the value');
      }
      if (n === v.tags.length) v.ensureFields(n + 1);
      v.tags[n] = tag;
      v.fieldStart[n] = fieldStart;
      v.valueStart[n] = valueStart;
      v.valueEnd[n] = p;
      n++;
      p++;
      v.count = n;
    }
    v.count = n;
  }

  private badField(b: Uint8Array, at: number, end: number, why: string): FixCodecError {
    let stop = at;
    while (stop < end && b[stop] !== 1) stop++;
    const text = decodeString(b as Buffer, at, Math.min(stop, at + 64));
    return new FixCodecError('BAD_FIELD', `malformed field "${text}": ${why}`, copyBytes(b, at, end));
  }

  /** MsgType strings of up to three bytes come from a table, not a new string per message. */
  private internMsgType(b: Buffer, start: number, end: number): string {
    const n = end - start;
    if (n === 0 || n > 3) return decodeString(b, start, end);
    let key = n;
    for (let i = start; i < end; i++) key = key * 256 + b[i]!;
    let s = this.msgTypes.get(key);
    if (s === undefined) {
      s = decodeString(b, start, end);
      if (this.msgTypes.size < 4096) this.msgTypes.set(key, s);
    }
    return s;
  }

  /** Groups of the header and of the body (by the message's definition), instances delimited. */
  private structure(): void {
    const dict = this.dictionary!;
    const v = this.view;
    v.structured = true;
    this.stackTop = 0;
    const header = dict.header;
    const body: FixFieldSetDef | undefined = dict.message(v.msgType);
    const bodyGroups = body?.groups ?? EMPTY_GROUPS;
    const n = v.count;
    let i = 0;
    while (i < n) {
      const tag = v.tags[i]!;
      const def = header.group(tag) ?? (bodyGroups.size > 0 ? body!.group(tag) : undefined);
      i = def ? this.parseGroup(i, def, 0) : i + 1;
    }
  }

  private push(index: number): void {
    if (this.stackTop === this.stack.length) {
      const grown = new Int32Array(this.stack.length * 2);
      grown.set(this.stack);
      this.stack = grown;
    }
    this.stack[this.stackTop++] = index;
  }

  /**
   * Delimits the instances of the group counted at field `c`; returns the index after the group.
   * An instance starts at the delimiter — or, as QuickFIX does, at a member already seen in the
   * current instance or opening the group (noted in `groupMisorder`). A non-member ends the group.
   */
  private parseGroup(c: number, def: FixGroupDef, depth: number): number {
    const v = this.view;
    const n = v.count;
    let marks = this.marks[depth];
    if (!marks) {
      marks = new TagMarks();
      this.marks[depth] = marks;
    }
    // This group's instance starts go on a scratch stack (nested groups push and pop above them),
    // then into the view's pool in one contiguous run.
    const base = this.stackTop;
    let found = 0;
    let misorder = 0;
    let gen = 0;
    let j = c + 1;
    while (j < n) {
      const tag = v.tags[j]!;
      if (tag === def.delimiter) {
        this.push(j);
        found++;
        gen = marks.next();
        marks.mark(tag, gen);
      } else if (def.has(tag)) {
        if (found === 0 || marks.mark(tag, gen)) {
          if (misorder === 0) misorder = tag;
          this.push(j);
          found++;
          gen = marks.next();
          marks.mark(tag, gen);
        }
      } else break;
      const nested = def.group(tag);
      j = nested ? this.parseGroup(j, nested, depth + 1) : j + 1;
    }
    const at = v.instanceCount;
    v.ensureInstances(at + found);
    for (let k = 0; k < found; k++) v.instanceStarts[at + k] = this.stack[base + k]!;
    this.stackTop = base;
    v.instanceCount = at + found;
    v.groupFirst[c] = at;
    v.groupFound[c] = found;
    v.groupMisorder[c] = misorder;
    v.next[c] = j;
    return j;
  }
}
