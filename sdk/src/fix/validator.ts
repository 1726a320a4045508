import type { FixDictionary, FixFieldDef, FixFieldSetDef, FixGroupDef } from './dictionary.js';
import { FixValueKind, isValidFormat } from './field-types.js';
import type { FixMessageView } from './message-view.js';
import { TagMarks } from './tag-set.js';
import { SESSION_REJECT_TEXT, SessionRejectReason } from './tags.js';
import { decodeInt, decodeString, decodeUtcTimestamp } from './values.js';

/** What a session-level Reject (35=3) needs to say about a message the validator refused. */
export interface FixRejectInfo {
  /** SessionRejectReason (373). */
  readonly reason: SessionRejectReason;
  /** RefTagID (371): the offending tag; absent for an invalid MsgType. */
  readonly refTagId?: number;
  /** Text (58). */
  readonly text: string;
}

/** The checks QuickFIX lets a session turn off (its DataDictionary settings of the same names). */
export interface FixValidatorOptions {
  /** Header, then body, then trailer (reason 14). Default true. */
  readonly checkFieldsOutOfOrder?: boolean;
  /** `tag=` with an empty value is refused (reason 4). Default true. */
  readonly checkFieldsHaveValues?: boolean;
  /** Tags 5000 and up are checked against the dictionary too. Default true. */
  readonly checkUserDefinedFields?: boolean;
  /** Tags below 5000 that the dictionary or the message type lacks are let through. Default false. */
  readonly allowUnknownMessageFields?: boolean;
}

/** The first user-defined tag. */
const USER_MIN = 5000;

/**
 * Tags QuickFIX places in the header whatever the dictionary says (so a dictionary without, say,
 * ApplVerID still gets the header/body order right).
 */
const STANDARD_HEADER_TAGS = [
  8, 9, 35, 49, 56, 115, 128, 90, 91, 34, 50, 142, 57, 143, 116, 144, 129, 145, 43, 97, 52, 122, 212, 213,
  347, 369, 370, 1128, 1129, 627,
];
const STANDARD_TRAILER_TAGS = [93, 89, 10];

const HEADER = 0;
const BODY = 1;
const TRAILER = 2;

/**
 * Checks a parsed message against a data dictionary and returns what a session-level Reject must
 * carry, or null when the message is valid. The checks and their order follow QuickFIX (what the
 * FIX 4.4 session acceptance tests expect when a message has one fault):
 *
 * 1. header/body/trailer order (14), 2. MsgType defined (11), 3. required fields of header, trailer,
 * body, then of each group instance (1), 4. each field in wire order — header, trailer, body, with
 * group members after their NumInGroup field — repeated (13), empty (4), format (6), enum (5),
 * defined at all (0), defined for this message type (2), NumInGroup count (16), instance not opened
 * by the group's delimiter (15).
 *
 * BeginString, CompIDs, MsgSeqNum and SendingTime are the session's to check: `beginStringIs`,
 * `compIdProblem` and `sendingTimeProblem` below do the comparisons; what follows (Logout,
 * disconnect, sequence handling) is session state.
 *
 * The view must come from a `FixParser` built with the same dictionary (groups are structured by it).
 */
export class FixValidator {
  readonly dictionary: FixDictionary;
  private readonly checkOrder: boolean;
  private readonly checkValues: boolean;
  private readonly checkUser: boolean;
  private readonly allowUnknown: boolean;
  private readonly topMarks = new TagMarks();
  private readonly present = new TagMarks();
  private order = new Int32Array(64);
  private readonly matchers: (EnumMatcher | undefined)[] = [];
  private readonly headerTags: Uint8Array;
  private readonly trailerTags: Uint8Array;

  constructor(dictionary: FixDictionary, options: FixValidatorOptions = {}) {
    this.dictionary = dictionary;
    this.checkOrder = options.checkFieldsOutOfOrder ?? true;
    this.checkValues = options.checkFieldsHaveValues ?? true;
    this.checkUser = options.checkUserDefinedFields ?? true;
    this.allowUnknown = options.allowUnknownMessageFields ?? false;
    const header = [...STANDARD_HEADER_TAGS, ...dictionary.header.tags];
    const trailer = [...STANDARD_TRAILER_TAGS, ...dictionary.trailer.tags];
    this.headerTags = new Uint8Array(Math.max(...header, ...trailer) + 1);
    this.trailerTags = new Uint8Array(this.headerTags.length);
    for (const t of header) this.headerTags[t] = 1;
    for (const t of trailer) this.trailerTags[t] = 1;
  }

  private section(tag: number): number {
    if (tag >= 0 && tag < this.headerTags.length) {
      if (this.headerTags[tag] === 1) return HEADER;
      if (this.trailerTags[tag] === 1) return TRAILER;
    }
    return BODY;
  }

  /** Null when the message is valid, else the reason and tag for the Reject. */
  validate(view: FixMessageView): FixRejectInfo | null {
    const v = view;
    const n = v.count;
    if (this.order.length < n) this.order = new Int32Array(Math.max(n, this.order.length * 2));
    // Top-level field indexes by section, header then trailer then body: QuickFIX's checking order.
    const order = this.order;
    let headerCount = 0;
    let trailerCount = 0;

    // 1. Structure — every header field before the body, every body field before the trailer — while
    //    noting each top-level field's section and which tags are present.
    const present = this.present.next();
    let state = HEADER;
    let outOfOrder = -1;
    for (let i = 0; i < n; i = v.next[i]!) {
      const tag = v.tags[i]!;
      const section = this.section(tag);
      if (section === HEADER) headerCount++;
      else if (section === TRAILER) trailerCount++;
      this.present.mark(tag, present);
      if (section < state) {
        if (outOfOrder < 0) outOfOrder = i;
      } else state = section;
    }
    if (this.checkOrder && outOfOrder >= 0)
      return reject(SessionRejectReason.TagSpecifiedOutOfRequiredOrder, v.tags[outOfOrder]!);

    // 2. MsgType.
    const message = this.dictionary.message(v.msgType);
    if (!message) return reject(SessionRejectReason.InvalidMsgType);

    // 3. Required fields: header, trailer, body (each ascending), then group instances.
    const header = this.dictionary.header;
    const trailer = this.dictionary.trailer;
    for (const tag of header.required)
      if (!this.present.has(tag, present)) return reject(SessionRejectReason.RequiredTagMissing, tag);
    for (const tag of trailer.required)
      if (!this.present.has(tag, present)) return reject(SessionRejectReason.RequiredTagMissing, tag);
    for (const tag of message.required)
      if (!this.present.has(tag, present)) return reject(SessionRejectReason.RequiredTagMissing, tag);
    const missing = this.requiredInGroups(v, 0, n, header, message);
    if (missing !== null) return missing;

    // 4. Field by field: header fields, trailer fields, then the body (QuickFIX's iteration order).
    let h = 0;
    let t = headerCount;
    let b = headerCount + trailerCount;
    for (let i = 0; i < n; i = v.next[i]!) {
      const section = this.section(v.tags[i]!);
      if (section === HEADER) order[h++] = i;
      else if (section === TRAILER) order[t++] = i;
      else order[b++] = i;
    }
    const seen = this.topMarks.next();
    for (let k = 0; k < b; k++) {
      const i = order[k]!;
      const tag = v.tags[i]!;
      if (this.topMarks.mark(tag, seen)) return reject(SessionRejectReason.TagAppearsMoreThanOnce, tag);
      const problem =
        k < headerCount
          ? this.checkField(v, i, null, header)
          : k < headerCount + trailerCount
            ? this.checkField(v, i, null, message)
            : this.checkField(v, i, message, message);
      if (problem !== null) return problem;
    }
    return null;
  }

  /**
   * Field indexes `[from, to)` of the body: after the last leading header field, before the first
   * trailer field (for a message in header/body/trailer order) — what to copy when re-sending a
   * stored message under a new header, or echoing a body.
   */
  bodyRange(view: FixMessageView): [from: number, to: number] {
    let from = 0;
    while (from < view.count && this.section(view.tags[from]!) === HEADER) from = view.next[from]!;
    let to = from;
    while (to < view.count && this.section(view.tags[to]!) !== TRAILER) to = view.next[to]!;
    return [from, to];
  }

  /** Required members of every group instance at this level (recursively), in wire order. */
  private requiredInGroups(
    v: FixMessageView,
    from: number,
    to: number,
    header: FixFieldSetDef | null,
    body: FixFieldSetDef,
  ): FixRejectInfo | null {
    for (let i = from; i < to; i = v.next[i]!) {
      const found = v.groupFound[i]!;
      if (found <= 0) continue;
      const tag = v.tags[i]!;
      const def = header?.group(tag) ?? body.group(tag);
      if (!def) continue;
      const first = v.groupFirst[i]!;
      for (let k = 0; k < found; k++) {
        const start = v.instanceStarts[first + k]!;
        const end = k + 1 < found ? v.instanceStarts[first + k + 1]! : v.next[i]!;
        for (const req of def.required) {
          let present = false;
          for (let j = start; j < end; j = v.next[j]!) {
            if (v.tags[j] === req) {
              present = true;
              break;
            }
          }
          if (!present) return reject(SessionRejectReason.RequiredTagMissing, req);
        }
        const nested = this.requiredInGroups(v, start, end, null, def);
        if (nested !== null) return nested;
      }
    }
    return null;
  }

  /**
   * The checks of one field: value present, format, enum, known tag, allowed in the message (body
   * only: `message` set), and for a NumInGroup field its count and its instances' fields.
   */
  private checkField(
    v: FixMessageView,
    i: number,
    message: FixFieldSetDef | null,
    groupsOf: FixFieldSetDef,
  ): FixRejectInfo | null {
    const tag = v.tags[i]!;
    const start = v.valueStart[i]!;
    const end = v.valueEnd[i]!;
    if (this.checkValues && start === end) return reject(SessionRejectReason.TagSpecifiedWithoutValue, tag);
    const def = this.dictionary.field(tag);
    if (def && start < end) {
      if (!isValidFormat(def.kind, v.buffer, start, end))
        return reject(SessionRejectReason.IncorrectDataFormat, tag);
      if (
        def.values !== null &&
        def.kind !== FixValueKind.Data &&
        !this.enumOf(def).test(v.buffer, start, end)
      )
        return reject(SessionRejectReason.ValueIsIncorrect, tag);
    }
    const checkTag = tag >= USER_MIN ? this.checkUser : !this.allowUnknown;
    if (checkTag) {
      if (!def) return reject(SessionRejectReason.InvalidTagNumber, tag);
      if (message !== null && !message.has(tag))
        return reject(SessionRejectReason.TagNotDefinedForMessageType, tag);
    }
    const found = v.groupFound[i]!;
    if (found >= 0) {
      const group = groupsOf.group(tag);
      if (group) return this.checkGroup(v, i, group, found);
    }
    return null;
  }

  private checkGroup(v: FixMessageView, i: number, group: FixGroupDef, found: number): FixRejectInfo | null {
    const tag = v.tags[i]!;
    const declared = decodeInt(v.buffer, v.valueStart[i]!, v.valueEnd[i]!);
    if (declared !== found) return reject(SessionRejectReason.IncorrectNumInGroupCount, tag);
    if (v.groupMisorder[i] !== 0)
      return reject(SessionRejectReason.RepeatingGroupFieldsOutOfOrder, v.groupMisorder[i]);
    const first = v.groupFirst[i]!;
    for (let k = 0; k < found; k++) {
      const start = v.instanceStarts[first + k]!;
      const end = k + 1 < found ? v.instanceStarts[first + k + 1]! : v.next[i]!;
      for (let j = start; j < end; j = v.next[j]!) {
        const problem = this.checkField(v, j, null, group);
        if (problem !== null) return problem;
      }
    }
    return null;
  }

  private enumOf(def: FixFieldDef): EnumMatcher {
    let m = def.tag < 65536 ? this.matchers[def.tag] : undefined;
    if (!m) {
      m = new EnumMatcher([...def.values!.keys()], def.multipleValues);
      if (def.tag < 65536) this.matchers[def.tag] = m;
    }
    return m;
  }
}

/**
 * Membership of a value in a field's enumeration, tested on the bytes: single bytes in a table,
 * values up to six bytes packed into a number, longer ones as strings. For MULTIPLE*VALUE types every
 * space-separated item must belong.
 */
class EnumMatcher {
  private readonly single = new Uint8Array(256);
  private readonly packed = new Set<number>();
  private readonly long = new Set<string>();

  constructor(
    values: string[],
    private readonly multiple: boolean,
  ) {
    for (const value of values) {
      const bytes = Buffer.from(value, 'latin1');
      if (bytes.length === 1) this.single[bytes[0]!] = 1;
      else if (bytes.length <= 6) this.packed.add(pack(bytes, 0, bytes.length));
      else this.long.add(value);
    }
  }

  test(b: Buffer, start: number, end: number): boolean {
    if (!this.multiple) return this.one(b, start, end);
    let from = start;
    for (let i = start; i <= end; i++) {
      if (i === end || b[i] === 32) {
        if (!this.one(b, from, i)) return false;
        from = i + 1;
      }
    }
    return true;
  }

  private one(b: Buffer, start: number, end: number): boolean {
    const n = end - start;
    if (n === 1) return this.single[b[start]!] === 1;
    if (n === 0) return false;
    if (n <= 6) return this.packed.has(pack(b, start, end));
    return this.long.size > 0 && this.long.has(decodeString(b, start, end));
  }
}

/** Up to six bytes and their count as one safe integer. */
function pack(b: Uint8Array, start: number, end: number): number {
  let key = 0;
  for (let i = start; i < end; i++) key = key * 256 + b[i]!;
  return key + (end - start) * 2 ** 48;
}

function reject(reason: SessionRejectReason, refTagId?: number): FixRejectInfo {
  return refTagId === undefined
    ? { reason, text: SESSION_REJECT_TEXT[reason] }
    : { reason, refTagId, text: SESSION_REJECT_TEXT[reason] };
}

// ---- header checks for the session layer ---------------------------------------------------------

/** Whether BeginString (8) is `expected` (a mismatch calls for a Logout, not a Reject). */
export function beginStringIs(view: FixMessageView, expected: string): boolean {
  return view.count > 0 && view.tags[0] === 8 && view.valueIs(0, expected);
}

/**
 * An incoming message's CompIDs against the session's: SenderCompID (49) must be the counterparty's,
 * TargetCompID (56) ours. A mismatch is a Reject with reason 9 (CompID problem), then a Logout.
 */
export function compIdProblem(
  view: FixMessageView,
  ourCompId: string,
  theirCompId: string,
): FixRejectInfo | null {
  const sender = view.indexOf(49);
  if (sender < 0 || !view.valueIs(sender, theirCompId)) return reject(SessionRejectReason.CompIDProblem, 49);
  const target = view.indexOf(56);
  if (target < 0 || !view.valueIs(target, ourCompId)) return reject(SessionRejectReason.CompIDProblem, 56);
  return null;
}

/**
 * SendingTime (52) within `toleranceMs` of `nowMs` (QuickFIX's default tolerance: 120 s); else a
 * Reject with reason 10 (SendingTime accuracy problem), then a Logout.
 */
export function sendingTimeProblem(
  view: FixMessageView,
  nowMs: number,
  toleranceMs = 120_000,
): FixRejectInfo | null {
  const i = view.indexOf(52);
  if (i < 0) return reject(SessionRejectReason.RequiredTagMissing, 52);
  const sent = decodeUtcTimestamp(view.buffer, view.valueStart[i]!, view.valueEnd[i]!);
  if (Number.isNaN(sent)) return reject(SessionRejectReason.IncorrectDataFormat, 52);
  return Math.abs(nowMs - sent) > toleranceMs
    ? reject(SessionRejectReason.SendingTimeAccuracyProblem, 52)
    : null;
}
