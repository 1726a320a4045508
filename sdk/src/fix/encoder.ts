import { FixCodecError } from './errors.js';
import { checksum } from './framer.js';
import type { FixFieldList, FixMessageView } from './message-view.js';
import { digitCount, writeLatin1, writeUInt, writeUtcDate, writeUtcTimestamp } from './values.js';

export interface FixEncoderOptions {
  /** BeginString (8) of every message, default "FIX.4.4". */
  readonly beginString?: string;
  /** Initial size of the output buffer (it grows as needed and is reused). */
  readonly initialCapacity?: number;
}

const MAX_BODY_LENGTH = 9_999_999;

/**
 * Writes FIX messages into one reusable buffer: `begin(msgType)`, then fields in the order they are
 * to appear, then `finish()`, which puts `8=…|9=<BodyLength>|` in front (the body is written after a
 * reserved gap, so nothing is moved) and appends `10=<CheckSum>|`.
 *
 * The Uint8Array `finish()` returns is a view of the encoder's buffer, overwritten by the next
 * message: hand a copy (`finishCopy()`) to anything that keeps it, e.g. `socket.write` (which may
 * queue it) or the message store.
 */
export class FixEncoder {
  readonly beginString: string;
  private buffer: Buffer;
  private pos = 0;
  /** Where the body (35=…) starts: after room for the longest `8=…|9=…|`. */
  private readonly bodyStart: number;
  private open = false;

  constructor(options: FixEncoderOptions = {}) {
    this.beginString = options.beginString ?? 'FIX.4.4';
    for (let i = 0; i < this.beginString.length; i++) {
      const c = this.beginString.charCodeAt(i);
      if (c <= 32 || c > 126)
        throw new FixCodecError('BAD_VALUE', `BeginString "${this.beginString}" is not printable ASCII`);
    }
    this.bodyStart = 2 + this.beginString.length + 1 + 2 + 7 + 1;
    this.buffer = Buffer.allocUnsafe(Math.max(options.initialCapacity ?? 1024, this.bodyStart + 64));
  }

  /** Starts a message: writes MsgType (35). Header fields come next, in the order wanted. */
  begin(msgType: string): this {
    this.pos = this.bodyStart;
    this.open = true;
    return this.str(35, msgType);
  }

  /** Bytes written to the body so far (what BodyLength will say, before the CheckSum). */
  get bodyLength(): number {
    return this.pos - this.bodyStart;
  }

  private ensure(extra: number): void {
    const need = this.pos + extra + 8;
    if (need <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(need, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.pos);
    this.buffer = grown;
  }

  private tag(tag: number): void {
    if (!this.open) throw new FixCodecError('BAD_VALUE', 'begin(msgType) first');
    if (!Number.isInteger(tag) || tag <= 0)
      throw new FixCodecError('BAD_VALUE', `tag ${tag} is not a positive integer`, undefined, tag);
    this.pos = writeUInt(this.buffer, this.pos, tag);
    this.buffer[this.pos++] = 61;
  }

  /** A string (or char) value, written as Latin-1. An empty string writes `tag=` (rarely what FIX wants). */
  str(tag: number, value: string): this {
    this.ensure(value.length + 12);
    this.tag(tag);
    this.pos = writeLatin1(this.buffer, this.pos, value, tag);
    this.buffer[this.pos++] = 1;
    return this;
  }

  /** An integer value (INT, SEQNUM, NUMINGROUP, LENGTH…): a safe integer. */
  int(tag: number, value: number): this {
    if (!Number.isSafeInteger(value))
      throw new FixCodecError('BAD_VALUE', `tag ${tag}: ${value} is not a safe integer`, undefined, tag);
    this.ensure(32);
    this.tag(tag);
    if (value < 0) {
      this.buffer[this.pos++] = 45;
      this.pos = writeUInt(this.buffer, this.pos, -value);
    } else this.pos = writeUInt(this.buffer, this.pos, value);
    this.buffer[this.pos++] = 1;
    return this;
  }

  /**
   * An exact decimal (PRICE, QTY, AMT…): a decimal string `-?digits[.digits]`, a bigint or a safe
   * integer. Binary floats are refused, as everywhere money is handled.
   */
  decimal(tag: number, value: string | bigint | number): this {
    if (typeof value === 'number') return this.int(tag, value);
    const s = typeof value === 'bigint' ? value.toString() : value;
    if (!isDecimalString(s))
      throw new FixCodecError('BAD_VALUE', `tag ${tag}: "${s}" is not a decimal`, undefined, tag);
    return this.str(tag, s);
  }

  /** A UTCTimestamp from epoch milliseconds, with milliseconds (`.sss`) unless `millis` is false. */
  timestamp(tag: number, epochMs: number, millis = true): this {
    if (!Number.isSafeInteger(epochMs) || epochMs < -62167219200000 || epochMs > 253402300799999)
      throw new FixCodecError(
        'BAD_VALUE',
        `tag ${tag}: ${epochMs} is not a timestamp in years 0–9999`,
        undefined,
        tag,
      );
    this.ensure(40);
    this.tag(tag);
    this.pos = writeUtcTimestamp(this.buffer, this.pos, epochMs, millis);
    this.buffer[this.pos++] = 1;
    return this;
  }

  /** A UTC date (`YYYYMMDD`) from epoch milliseconds. */
  date(tag: number, epochMs: number): this {
    if (!Number.isSafeInteger(epochMs) || epochMs < -62167219200000 || epochMs > 253402300799999)
      throw new FixCodecError(
        'BAD_VALUE',
        `tag ${tag}: ${epochMs} is not a date in years 0–9999`,
        undefined,
        tag,
      );
    this.ensure(24);
    this.tag(tag);
    this.pos = writeUtcDate(this.buffer, this.pos, epochMs);
    this.buffer[this.pos++] = 1;
    return this;
  }

  bool(tag: number, value: boolean): this {
    this.ensure(16);
    this.tag(tag);
    this.buffer[this.pos++] = value ? 89 : 78;
    this.buffer[this.pos++] = 1;
    return this;
  }

  /** A DATA field and its LENGTH field before it (`lengthTag=n|tag=<n raw bytes>|`); SOH allowed inside. */
  data(lengthTag: number, tag: number, value: Uint8Array): this {
    this.int(lengthTag, value.length);
    this.ensure(value.length + 16);
    this.tag(tag);
    this.buffer.set(value, this.pos);
    this.pos += value.length;
    this.buffer[this.pos++] = 1;
    return this;
  }

  /** Pre-encoded fields (`tag=value|…`), copied as they are. */
  raw(bytes: Uint8Array): this {
    if (!this.open) throw new FixCodecError('BAD_VALUE', 'begin(msgType) first');
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  /**
   * Copies field `index` of a parsed message as it was sent — with its whole group when it is a
   * NumInGroup field — e.g. to echo a body, or to re-send a stored message with a new header.
   */
  copyField(view: FixMessageView, index: number): this {
    const last = view.next[index]! - 1;
    const from = view.fieldStart[index]!;
    const to = view.valueEnd[last]! + 1;
    return this.raw(view.buffer.subarray(from, to));
  }

  /** Copies fields `from` to `to - 1` (wire order) of a parsed message in one block. */
  copyFields(view: FixMessageView, from: number, to: number): this {
    if (to <= from) return this;
    return this.raw(view.buffer.subarray(view.fieldStart[from]!, view.valueEnd[to - 1]! + 1));
  }

  /** Writes a field list (as `FixMessageView.toFieldList()` gives): values as strings, groups nested. */
  fields(list: FixFieldList): this {
    for (const entry of list) {
      this.str(entry[0], entry[1]);
      const instances = entry[2];
      if (instances) for (const instance of instances) this.fields(instance);
    }
    return this;
  }

  /**
   * Completes the message — BeginString and BodyLength in front, CheckSum at the end — and returns it
   * as a view of the encoder's buffer, valid until the next `begin()`.
   */
  finish(): Uint8Array {
    if (!this.open) throw new FixCodecError('BAD_VALUE', 'finish() without begin()');
    this.open = false;
    const bodyLength = this.pos - this.bodyStart;
    if (bodyLength > MAX_BODY_LENGTH)
      throw new FixCodecError('MESSAGE_TOO_LARGE', `BodyLength ${bodyLength} has more than 7 digits`);
    this.ensure(7);
    const b = this.buffer;
    const bs = this.beginString;
    const start = this.bodyStart - (2 + bs.length + 1 + 2 + digitCount(bodyLength) + 1);
    let p = start;
    b[p++] = 56;
    b[p++] = 61;
    for (let i = 0; i < bs.length; i++) b[p++] = bs.charCodeAt(i);
    b[p++] = 1;
    b[p++] = 57;
    b[p++] = 61;
    p = writeUInt(b, p, bodyLength);
    b[p++] = 1;
    const sum = checksum(b, start, this.pos);
    let q = this.pos;
    b[q++] = 49;
    b[q++] = 48;
    b[q++] = 61;
    b[q++] = 48 + Math.floor(sum / 100);
    b[q++] = 48 + (Math.floor(sum / 10) % 10);
    b[q++] = 48 + (sum % 10);
    b[q++] = 1;
    this.pos = q;
    return b.subarray(start, q);
  }

  /** `finish()`, copied into a Buffer of its own. */
  finishCopy(): Buffer {
    return Buffer.from(this.finish());
  }
}

/** `-?digits[.digits]` (also "1." and ".5", which FIX allows). */
function isDecimalString(s: string): boolean {
  let i = 0;
  const n = s.length;
  if (i < n && s.charCodeAt(i) === 45) i++;
  let digits = false;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
    i++;
    digits = true;
  }
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
      i++;
      digits = true;
    }
  }
  return digits && i === n;
}
