/**
 * Reading values out of, and writing them into, raw FIX bytes without intermediate objects.
 * Strings are Latin-1 (one byte per character, as QuickFIX/J's default charset): every byte value
 * round-trips, and a string's length is its byte count, which keeps BodyLength arithmetic exact.
 */
import { FixCodecError } from './errors.js';
import { isFloatBytes } from './field-types.js';

/** One-character strings by byte value: single-byte values (Side, OrdType, MsgType…) cost nothing. */
const CHAR_STRINGS: readonly string[] = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i));

/** Node's Buffer has a direct Latin-1 slicer under `toString('latin1')`; calling it skips the argument handling. */
interface Latin1Slicer {
  latin1Slice?(start: number, end: number): string;
}
const DIRECT_LATIN1 = typeof (Buffer.prototype as Latin1Slicer).latin1Slice === 'function';

/** A value as a string. `b` must be a Buffer (the parser makes sure of it). */
export function decodeString(b: Buffer, start: number, end: number): string {
  if (end - start === 1) return CHAR_STRINGS[b[start]!]!;
  return DIRECT_LATIN1 ? (b as Latin1Slicer).latin1Slice!(start, end) : b.toString('latin1', start, end);
}

/** An integer value, or NaN when the bytes are not `-?digits` (or not a safe integer). */
export function decodeInt(b: Uint8Array, start: number, end: number): number {
  let i = start;
  let sign = 1;
  if (b[i] === 45) {
    sign = -1;
    i++;
  }
  if (i >= end || end - i > 16) return Number.NaN;
  let value = 0;
  for (; i < end; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value > Number.MAX_SAFE_INTEGER ? Number.NaN : sign * value;
}

const twoDigits = (b: Uint8Array, i: number) => (b[i]! - 48) * 10 + (b[i + 1]! - 48);

/**
 * A UTCTimestamp (`YYYYMMDD-HH:MM:SS[.fff…]`) as epoch milliseconds (digits past milliseconds are
 * truncated), or NaN when malformed.
 */
export function decodeUtcTimestamp(b: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n < 17 || b[start + 8] !== 45 || b[start + 11] !== 58 || b[start + 14] !== 58) return Number.NaN;
  for (const k of DIGIT_POSITIONS) {
    const c = b[start + k]!;
    if (c < 48 || c > 57) return Number.NaN;
  }
  const year = twoDigits(b, start) * 100 + twoDigits(b, start + 2);
  const month = twoDigits(b, start + 4);
  const day = twoDigits(b, start + 6);
  const hour = twoDigits(b, start + 9);
  const minute = twoDigits(b, start + 12);
  const second = twoDigits(b, start + 15);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return Number.NaN;
  let ms = 0;
  if (n > 17) {
    if (b[start + 17] !== 46 || n === 18 || n > 27) return Number.NaN;
    let scale = 100;
    for (let i = start + 18; i < end; i++) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) return Number.NaN;
      ms += d * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}
const DIGIT_POSITIONS = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 12, 13, 15, 16];

/**
 * A decimal value as an exact string (the SDK's `Decimal` form: `-?digits[.digits]`). The wire
 * digits are kept (trailing zeros carry precision in FIX); ".5" becomes "0.5" and "1." becomes "1".
 * Undefined when the bytes are not a FIX float.
 */
export function decodeDecimal(b: Buffer, start: number, end: number): string | undefined {
  if (!isFloatBytes(b, start, end)) return undefined;
  const negative = b[start] === 45;
  const digitsStart = negative ? start + 1 : start;
  let s = decodeString(b, start, end);
  if (b[end - 1] === 46) s = s.slice(0, -1);
  if (b[digitsStart] === 46) s = negative ? `-0${s.slice(1)}` : `0${s}`;
  return s;
}

/** `Y` → true, `N` → false, anything else → undefined. */
export function decodeBoolean(b: Uint8Array, start: number, end: number): boolean | undefined {
  if (end - start !== 1) return undefined;
  return b[start] === 89 ? true : b[start] === 78 ? false : undefined;
}

// ---- writing ------------------------------------------------------------------------------------

/**
 * Writes `value` as Latin-1 at `pos`; returns the position after it. Refuses SOH and characters above
 * U+00FF (they cannot be one byte): `BAD_VALUE`.
 */
export function writeLatin1(b: Uint8Array, pos: number, value: string, tag: number): number {
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 1 || c > 255) {
      throw new FixCodecError(
        'BAD_VALUE',
        c === 1
          ? `tag ${tag}: SOH inside a value`
          : `tag ${tag}: character U+${c.toString(16).padStart(4, '0')} is not Latin-1`,
        undefined,
        tag,
      );
    }
    b[pos + i] = c;
  }
  return pos + n;
}

/** Number of decimal digits of a non-negative integer. */
export function digitCount(n: number): number {
  if (n < 10) return 1;
  if (n < 100) return 2;
  if (n < 1000) return 3;
  if (n < 10000) return 4;
  if (n < 100000) return 5;
  if (n < 1000000) return 6;
  if (n < 10000000) return 7;
  let d = 7;
  let v = Math.floor(n / 10000000);
  while (v > 0) {
    d++;
    v = Math.floor(v / 10);
  }
  return d;
}

/** Writes a non-negative safe integer's digits at `pos`; returns the position after them. */
export function writeUInt(b: Uint8Array, pos: number, n: number): number {
  const len = digitCount(n);
  let p = pos + len;
  let v = n;
  do {
    const q = Math.floor(v / 10);
    b[--p] = 48 + (v - q * 10);
    v = q;
  } while (v > 0);
  return pos + len;
}

/** Writes `n` zero-padded to `width` digits. */
function writePadded(b: Uint8Array, pos: number, n: number, width: number): number {
  let v = n;
  for (let i = width - 1; i >= 0; i--) {
    const q = Math.floor(v / 10);
    b[pos + i] = 48 + (v - q * 10);
    v = q;
  }
  return pos + width;
}

/** Days since 1970-01-01 → [year, month (1–12), day]. Howard Hinnant's civil_from_days. */
function civil(days: number, out: Int32Array): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (month <= 2 ? 1 : 0);
  out[1] = month;
  out[2] = day;
}
const ymd = new Int32Array(3);
/** The last day converted: timestamps of one day reuse its date. */
let cachedDay = Number.NaN;
const cachedYmd = new Int32Array(3);

function civilCached(days: number, out: Int32Array): void {
  if (days !== cachedDay) {
    civil(days, cachedYmd);
    cachedDay = days;
  }
  out[0] = cachedYmd[0]!;
  out[1] = cachedYmd[1]!;
  out[2] = cachedYmd[2]!;
}

/** Bytes a UTCTimestamp takes: 17, or 21 with milliseconds. */
export const timestampLength = (millis: boolean) => (millis ? 21 : 17);

/**
 * Writes epoch milliseconds as `YYYYMMDD-HH:MM:SS` (+ `.sss` when `millis`); years 0–9999 only.
 */
export function writeUtcTimestamp(b: Uint8Array, pos: number, epochMs: number, millis: boolean): number {
  const days = Math.floor(epochMs / 86400000);
  let rest = epochMs - days * 86400000;
  civilCached(days, ymd);
  let p = writePadded(b, pos, ymd[0]!, 4);
  p = writePadded(b, p, ymd[1]!, 2);
  p = writePadded(b, p, ymd[2]!, 2);
  b[p++] = 45;
  const hour = Math.floor(rest / 3600000);
  rest -= hour * 3600000;
  const minute = Math.floor(rest / 60000);
  rest -= minute * 60000;
  const second = Math.floor(rest / 1000);
  p = writePadded(b, p, hour, 2);
  b[p++] = 58;
  p = writePadded(b, p, minute, 2);
  b[p++] = 58;
  p = writePadded(b, p, second, 2);
  if (millis) {
    b[p++] = 46;
    p = writePadded(b, p, rest - second * 1000, 3);
  }
  return p;
}

/** Writes epoch milliseconds' UTC date as `YYYYMMDD`. */
export function writeUtcDate(b: Uint8Array, pos: number, epochMs: number): number {
  civilCached(Math.floor(epochMs / 86400000), ymd);
  let p = writePadded(b, pos, ymd[0]!, 4);
  p = writePadded(b, p, ymd[1]!, 2);
  return writePadded(b, p, ymd[2]!, 2);
}
