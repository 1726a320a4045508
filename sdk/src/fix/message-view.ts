import { FixCodecError } from './errors.js';
import { decodeBoolean, decodeDecimal, decodeInt, decodeString, decodeUtcTimestamp } from './values.js';

/**
 * A parsed message as flat arrays over its bytes: for field `i` (wire order) its tag, where its value
 * starts and ends in `buffer`, and `next[i]` — the index of the following field at the same level
 * (past the whole group when `i` is a NumInGroup field). Values are decoded only when asked for.
 *
 * A view belongs to its `FixParser` and is refilled by the next `parse()`; it reads the bytes it was
 * given, so it is valid only while those bytes are unchanged (copy what must outlive the message).
 */
export class FixMessageView {
  /** The bytes of the current message (a Buffer view of what was parsed). */
  buffer: Buffer = Buffer.alloc(0);
  /** Offset of `8=` and of the byte after the CheckSum's SOH. */
  start = 0;
  end = 0;
  /** Number of fields, group members included. */
  count = 0;
  /** MsgType (35), interned for short types. */
  msgType = '';
  tags: Int32Array;
  /** Offset of the first byte of the tag. */
  fieldStart: Int32Array;
  valueStart: Int32Array;
  /** Offset of the SOH ending the value. */
  valueEnd: Int32Array;
  next: Int32Array;
  /** For a NumInGroup field: instances found (else -1); their first field indexes are in `instanceStarts`. */
  groupFound: Int32Array;
  groupFirst: Int32Array;
  /**
   * For a NumInGroup field: the tag of the first field that opened an instance without being the
   * group's delimiter (0 when every instance began with it).
   */
  groupMisorder: Int32Array;
  instanceStarts: Int32Array;
  instanceCount = 0;
  /** Whether groups were structured with a dictionary (otherwise every field is top level). */
  structured = false;
  private readonly root: FixFieldSetView;

  constructor(capacity = 64) {
    this.tags = new Int32Array(capacity);
    this.fieldStart = new Int32Array(capacity);
    this.valueStart = new Int32Array(capacity);
    this.valueEnd = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
    this.groupFound = new Int32Array(capacity);
    this.groupFirst = new Int32Array(capacity);
    this.groupMisorder = new Int32Array(capacity);
    this.instanceStarts = new Int32Array(capacity);
    this.root = new FixFieldSetView(this, 0, 0);
  }

  /** @internal grows the per-field arrays to hold at least `n` fields. */
  ensureFields(n: number): void {
    if (n <= this.tags.length) return;
    const size = Math.max(n, this.tags.length * 2);
    const grow = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.tags = grow(this.tags);
    this.fieldStart = grow(this.fieldStart);
    this.valueStart = grow(this.valueStart);
    this.valueEnd = grow(this.valueEnd);
    this.next = grow(this.next);
    this.groupFound = grow(this.groupFound);
    this.groupFirst = grow(this.groupFirst);
    this.groupMisorder = grow(this.groupMisorder);
  }

  /** @internal */
  ensureInstances(n: number): void {
    if (n <= this.instanceStarts.length) return;
    const b = new Int32Array(Math.max(n, this.instanceStarts.length * 2));
    b.set(this.instanceStarts);
    this.instanceStarts = b;
  }

  /** @internal called by the parser once the fields are in. */
  reset(): void {
    (this.root as { to: number }).to = this.count;
  }

  /** The whole message (header, body, trailer) as a field set; the accessors below delegate to it. */
  get fields(): FixFieldSetView {
    return this.root;
  }

  /** The raw bytes of the message (a view, valid as long as the view). */
  bytes(): Uint8Array {
    return this.buffer.subarray(this.start, this.end);
  }

  // ---- by field index ---------------------------------------------------------------------------

  /** The value of field `i` is empty (`tag=<SOH>`). */
  isEmptyAt(i: number): boolean {
    return this.valueEnd[i] === this.valueStart[i];
  }
  stringAt(i: number): string {
    return decodeString(this.buffer, this.valueStart[i]!, this.valueEnd[i]!);
  }
  intAt(i: number): number {
    const v = decodeInt(this.buffer, this.valueStart[i]!, this.valueEnd[i]!);
    if (Number.isNaN(v)) throw this.formatError(i, 'an integer');
    return v;
  }
  decimalAt(i: number): string {
    const v = decodeDecimal(this.buffer, this.valueStart[i]!, this.valueEnd[i]!);
    if (v === undefined) throw this.formatError(i, 'a decimal');
    return v;
  }
  /** Epoch milliseconds of a UTCTimestamp value. */
  timestampAt(i: number): number {
    const v = decodeUtcTimestamp(this.buffer, this.valueStart[i]!, this.valueEnd[i]!);
    if (Number.isNaN(v)) throw this.formatError(i, 'a UTCTimestamp');
    return v;
  }
  booleanAt(i: number): boolean {
    const v = decodeBoolean(this.buffer, this.valueStart[i]!, this.valueEnd[i]!);
    if (v === undefined) throw this.formatError(i, 'Y or N');
    return v;
  }
  /** The raw value bytes (a view into the message). */
  bytesAt(i: number): Uint8Array {
    return this.buffer.subarray(this.valueStart[i]!, this.valueEnd[i]!);
  }
  /** Whether the value of field `i` equals the ASCII string `s`, without decoding it. */
  valueIs(i: number, s: string): boolean {
    const start = this.valueStart[i]!;
    const n = this.valueEnd[i]! - start;
    if (n !== s.length) return false;
    for (let k = 0; k < n; k++) if (this.buffer[start + k] !== s.charCodeAt(k)) return false;
    return true;
  }

  private formatError(i: number, what: string): FixCodecError {
    const tag = this.tags[i]!;
    return new FixCodecError(
      'BAD_FORMAT',
      `tag ${tag}: "${this.stringAt(i)}" is not ${what}`,
      this.bytesAt(i).slice(),
      tag,
    );
  }

  // ---- top-level accessors (whole message) -------------------------------------------------------

  indexOf(tag: number): number {
    return this.root.indexOf(tag);
  }
  has(tag: number): boolean {
    return this.root.indexOf(tag) >= 0;
  }
  getString(tag: number): string | undefined {
    return this.root.getString(tag);
  }
  getInt(tag: number): number | undefined {
    return this.root.getInt(tag);
  }
  getDecimal(tag: number): string | undefined {
    return this.root.getDecimal(tag);
  }
  getTimestamp(tag: number): number | undefined {
    return this.root.getTimestamp(tag);
  }
  getBoolean(tag: number): boolean | undefined {
    return this.root.getBoolean(tag);
  }
  getBytes(tag: number): Uint8Array | undefined {
    return this.root.getBytes(tag);
  }
  group(countTag: number): FixGroupView | undefined {
    return this.root.group(countTag);
  }

  /** The fields as plain data (groups nested), e.g. for logs, tests and the audit trail. */
  toFieldList(): FixFieldList {
    return this.root.toFieldList();
  }

  /** `8=FIX.4.4|9=…|…|10=…|` with `separator` for SOH. */
  toString(separator = '|'): string {
    return this.buffer.toString('latin1', this.start, this.end).replaceAll('\u0001', separator);
  }
}

/** A field list entry: `[tag, value]`, or `[countTag, value, instances]` for a repeating group. */
export type FixFieldEntry =
  | readonly [tag: number, value: string]
  | readonly [tag: number, value: string, instances: FixFieldList[]];
export type FixFieldList = readonly FixFieldEntry[];

/** A range of fields at one level: the whole message, or one instance of a repeating group. */
export class FixFieldSetView {
  constructor(
    readonly view: FixMessageView,
    readonly from: number,
    readonly to: number,
  ) {}

  /** Index of the first field with `tag` at this level (not inside nested groups), or -1. */
  indexOf(tag: number): number {
    const tags = this.view.tags;
    const next = this.view.next;
    for (let i = this.from; i < this.to; i = next[i]!) if (tags[i] === tag) return i;
    return -1;
  }
  has(tag: number): boolean {
    return this.indexOf(tag) >= 0;
  }
  getString(tag: number): string | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : this.view.stringAt(i);
  }
  getInt(tag: number): number | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : this.view.intAt(i);
  }
  getDecimal(tag: number): string | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : this.view.decimalAt(i);
  }
  getTimestamp(tag: number): number | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : this.view.timestampAt(i);
  }
  getBoolean(tag: number): boolean | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : this.view.booleanAt(i);
  }
  getBytes(tag: number): Uint8Array | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : this.view.bytesAt(i);
  }
  /** The repeating group counted by `countTag` at this level. */
  group(countTag: number): FixGroupView | undefined {
    const i = this.indexOf(countTag);
    if (i < 0 || this.view.groupFound[i]! < 0) return undefined;
    return new FixGroupView(this.view, i);
  }

  toFieldList(): FixFieldList {
    const v = this.view;
    const out: FixFieldEntry[] = [];
    for (let i = this.from; i < this.to; i = v.next[i]!) {
      if (v.groupFound[i]! >= 0) {
        const g = new FixGroupView(v, i);
        const instances: FixFieldList[] = [];
        for (let k = 0; k < g.length; k++) instances.push(g.instance(k).toFieldList());
        out.push([v.tags[i]!, v.stringAt(i), instances]);
      } else out.push([v.tags[i]!, v.stringAt(i)]);
    }
    return out;
  }
}

/** The instances of one repeating group, as parsed (the declared count is `declared`). */
export class FixGroupView {
  /** Number of instances found in the message. */
  readonly length: number;

  constructor(
    readonly view: FixMessageView,
    /** Index of the NumInGroup field. */
    readonly countIndex: number,
  ) {
    this.length = view.groupFound[countIndex]!;
  }

  get countTag(): number {
    return this.view.tags[this.countIndex]!;
  }

  /** The NumInGroup value as sent (NaN when it is not an integer). */
  get declared(): number {
    const v = this.view;
    return decodeInt(v.buffer, v.valueStart[this.countIndex]!, v.valueEnd[this.countIndex]!);
  }

  /** Field index where instance `k` starts. */
  startOf(k: number): number {
    return this.view.instanceStarts[this.view.groupFirst[this.countIndex]! + k]!;
  }

  /** Field index after instance `k`. */
  endOf(k: number): number {
    return k + 1 < this.length ? this.startOf(k + 1) : this.view.next[this.countIndex]!;
  }

  instance(k: number): FixFieldSetView {
    if (k < 0 || k >= this.length) throw new RangeError(`group ${this.countTag} has no instance ${k}`);
    return new FixFieldSetView(this.view, this.startOf(k), this.endOf(k));
  }

  /** Index of `tag` in instance `k` (allocation-free), or -1. */
  indexIn(k: number, tag: number): number {
    const v = this.view;
    const end = this.endOf(k);
    for (let i = this.startOf(k); i < end; i = v.next[i]!) if (v.tags[i] === tag) return i;
    return -1;
  }

  getString(k: number, tag: number): string | undefined {
    const i = this.indexIn(k, tag);
    return i < 0 ? undefined : this.view.stringAt(i);
  }
  getInt(k: number, tag: number): number | undefined {
    const i = this.indexIn(k, tag);
    return i < 0 ? undefined : this.view.intAt(i);
  }
  getDecimal(k: number, tag: number): string | undefined {
    const i = this.indexIn(k, tag);
    return i < 0 ? undefined : this.view.decimalAt(i);
  }
  getTimestamp(k: number, tag: number): number | undefined {
    const i = this.indexIn(k, tag);
    return i < 0 ? undefined : this.view.timestampAt(i);
  }
  getBoolean(k: number, tag: number): boolean | undefined {
    const i = this.indexIn(k, tag);
    return i < 0 ? undefined : this.view.booleanAt(i);
  }
}
