/**
 * FIX value formats: the dictionary's XML types grouped by how a value is checked and decoded, and
 * allocation-free format checks over the raw bytes. The checks follow QuickFIX's converters (what
 * the FIX 4.4 session acceptance tests assume): e.g. a float is `-?digits[.digits]` with no `+` and no
 * exponent, a char is exactly one byte, a boolean is `Y` or `N`.
 */

export const FixValueKind = {
  /** Any bytes but SOH: STRING, CURRENCY, EXCHANGE, COUNTRY, MONTHYEAR, LOCALMKTDATE, MULTIPLE*VALUE… */
  String: 0,
  /** Exactly one character. */
  Char: 1,
  /** Signed 32-bit integer: INT, LENGTH, NUMINGROUP, TAGNUM. */
  Int: 2,
  /** Non-negative integer (a safe JS integer): SEQNUM. */
  SeqNum: 3,
  /** Decimal number: FLOAT, PRICE, QTY, AMT, PRICEOFFSET, PERCENTAGE. */
  Float: 4,
  /** `YYYYMMDD-HH:MM:SS[.f…]`: UTCTIMESTAMP (and TIME). */
  UtcTimestamp: 5,
  /** `HH:MM:SS[.f…]`: UTCTIMEONLY. */
  UtcTimeOnly: 6,
  /** `YYYYMMDD`: UTCDATE, UTCDATEONLY. */
  UtcDate: 7,
  /** `Y` or `N`. */
  Boolean: 8,
  /** Raw bytes whose length travels in a LENGTH field; may contain SOH. */
  Data: 9,
} as const;
export type FixValueKind = (typeof FixValueKind)[keyof typeof FixValueKind];

const KIND_BY_XML_TYPE: Record<string, FixValueKind> = {
  STRING: FixValueKind.String,
  CHAR: FixValueKind.Char,
  PRICE: FixValueKind.Float,
  INT: FixValueKind.Int,
  AMT: FixValueKind.Float,
  QTY: FixValueKind.Float,
  CURRENCY: FixValueKind.String,
  MULTIPLEVALUESTRING: FixValueKind.String,
  MULTIPLESTRINGVALUE: FixValueKind.String,
  MULTIPLECHARVALUE: FixValueKind.String,
  EXCHANGE: FixValueKind.String,
  UTCTIMESTAMP: FixValueKind.UtcTimestamp,
  TIME: FixValueKind.UtcTimestamp,
  BOOLEAN: FixValueKind.Boolean,
  LOCALMKTDATE: FixValueKind.String,
  LOCALMKTTIME: FixValueKind.String,
  DATA: FixValueKind.Data,
  XMLDATA: FixValueKind.String,
  FLOAT: FixValueKind.Float,
  PRICEOFFSET: FixValueKind.Float,
  MONTHYEAR: FixValueKind.String,
  DAYOFMONTH: FixValueKind.String,
  UTCDATE: FixValueKind.UtcDate,
  UTCDATEONLY: FixValueKind.UtcDate,
  UTCTIMEONLY: FixValueKind.UtcTimeOnly,
  NUMINGROUP: FixValueKind.Int,
  PERCENTAGE: FixValueKind.Float,
  SEQNUM: FixValueKind.SeqNum,
  TAGNUM: FixValueKind.Int,
  LENGTH: FixValueKind.Int,
  COUNTRY: FixValueKind.String,
  TZTIMEONLY: FixValueKind.String,
  TZTIMESTAMP: FixValueKind.String,
  LANGUAGE: FixValueKind.String,
  XID: FixValueKind.String,
  XIDREF: FixValueKind.String,
};

/** The value kind of an XML type name; unknown types are treated as strings (not checked). */
export function kindOfXmlType(type: string): FixValueKind {
  return KIND_BY_XML_TYPE[type.toUpperCase()] ?? FixValueKind.String;
}

/** XML types whose values are space-separated lists (each item checked against the enum). */
export function isMultipleValueType(type: string): boolean {
  const t = type.toUpperCase();
  return t === 'MULTIPLEVALUESTRING' || t === 'MULTIPLESTRINGVALUE' || t === 'MULTIPLECHARVALUE';
}

const isDigit = (c: number | undefined) => c !== undefined && c >= 48 && c <= 57;

/** `-?digits` within a signed 32-bit integer. */
export function isIntBytes(b: Uint8Array, start: number, end: number): boolean {
  let i = start;
  let negative = false;
  if (b[i] === 45) {
    negative = true;
    i++;
  }
  if (i >= end) return false;
  let value = 0;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c < 48 || c > 57) return false;
    value = value * 10 + (c - 48);
    if (value > 2147483648) return false;
  }
  return negative || value <= 2147483647;
}

/** `digits` within Number.MAX_SAFE_INTEGER. */
export function isSeqNumBytes(b: Uint8Array, start: number, end: number): boolean {
  if (start >= end || end - start > 16) return false;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c < 48 || c > 57) return false;
    value = value * 10 + (c - 48);
  }
  return value <= Number.MAX_SAFE_INTEGER;
}

/** `-?digits[.digits]` with at least one digit (QuickFIX's rule: "1.", ".5" and "-.5" pass; "+1", "1e3" do not). */
export function isFloatBytes(b: Uint8Array, start: number, end: number): boolean {
  let i = start;
  if (i < end && b[i] === 45) i++;
  let digits = false;
  while (i < end && isDigit(b[i])) {
    i++;
    digits = true;
  }
  if (i < end && b[i] === 46) {
    i++;
    while (i < end && isDigit(b[i])) {
      i++;
      digits = true;
    }
  }
  return digits && i === end;
}

function twoDigits(b: Uint8Array, i: number): number {
  const a = b[i]! - 48;
  const c = b[i + 1]! - 48;
  if (a < 0 || a > 9 || c < 0 || c > 9) return -1;
  return a * 10 + c;
}

function isDateAt(b: Uint8Array, i: number): boolean {
  for (let k = 0; k < 4; k++) if (!isDigit(b[i + k])) return false;
  const month = twoDigits(b, i + 4);
  const day = twoDigits(b, i + 6);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** `HH:MM:SS` then, from `i + 8`, optionally `.digits` up to `end`. */
function isTimeAt(b: Uint8Array, i: number, end: number): boolean {
  if (end - i < 8) return false;
  const h = twoDigits(b, i);
  const m = twoDigits(b, i + 3);
  const s = twoDigits(b, i + 6);
  if (b[i + 2] !== 58 || b[i + 5] !== 58 || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60)
    return false;
  let k = i + 8;
  if (k === end) return true;
  if (b[k] !== 46) return false;
  k++;
  if (k === end || end - k > 9) return false;
  for (; k < end; k++) if (!isDigit(b[k])) return false;
  return true;
}

/** `YYYYMMDD-HH:MM:SS[.f…]` (up to 9 fraction digits). */
export function isUtcTimestampBytes(b: Uint8Array, start: number, end: number): boolean {
  return end - start >= 17 && isDateAt(b, start) && b[start + 8] === 45 && isTimeAt(b, start + 9, end);
}

/** `HH:MM:SS[.f…]`. */
export function isUtcTimeOnlyBytes(b: Uint8Array, start: number, end: number): boolean {
  return isTimeAt(b, start, end);
}

/** `YYYYMMDD`. */
export function isUtcDateBytes(b: Uint8Array, start: number, end: number): boolean {
  return end - start === 8 && isDateAt(b, start);
}

/** Whether the bytes are a well-formed value of `kind` (empty values are checked elsewhere). */
export function isValidFormat(kind: FixValueKind, b: Uint8Array, start: number, end: number): boolean {
  switch (kind) {
    case FixValueKind.String:
    case FixValueKind.Data:
      return true;
    case FixValueKind.Char:
      return end - start === 1;
    case FixValueKind.Int:
      return isIntBytes(b, start, end);
    case FixValueKind.SeqNum:
      return isSeqNumBytes(b, start, end);
    case FixValueKind.Float:
      return isFloatBytes(b, start, end);
    case FixValueKind.UtcTimestamp:
      return isUtcTimestampBytes(b, start, end);
    case FixValueKind.UtcTimeOnly:
      return isUtcTimeOnlyBytes(b, start, end);
    case FixValueKind.UtcDate:
      return isUtcDateBytes(b, start, end);
    case FixValueKind.Boolean:
      return end - start === 1 && (b[start] === 89 || b[start] === 78);
    default:
      return true;
  }
}
