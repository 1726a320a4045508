import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FixValueKind, isMultipleValueType, kindOfXmlType } from './field-types.js';
import { TagSet } from './tag-set.js';
import { parseXml, type XmlElement } from './xml.js';

/**
 * A FIX data dictionary in QuickFIX's XML format (`<fix>` with `<header>`, `<trailer>`, `<messages>`,
 * `<components>`, `<fields>`): field types and enums, which fields each message, header and trailer
 * may carry, which are required, and the repeating groups — with components expanded, recursively,
 * into the structures that use them.
 */

export interface FixFieldDef {
  readonly tag: number;
  readonly name: string;
  /** The XML type as written ("PRICE", "UTCTIMESTAMP", …), upper-case. */
  readonly type: string;
  /** How values are checked and decoded. */
  readonly kind: FixValueKind;
  /** Enumerated values → description; null when any value of the type is allowed. */
  readonly values: ReadonlyMap<string, string> | null;
  /** MULTIPLE*VALUE types: the value is a space-separated list, each item from `values`. */
  readonly multipleValues: boolean;
  /** For DATA fields, the LENGTH field carrying their byte count (0 when the dictionary has none). */
  readonly lengthTag: number;
}

/** One field (or group count field) of a message, header, trailer or group, in dictionary order. */
export interface FixMemberDef {
  readonly tag: number;
  readonly name: string;
  /** Required where this member sits (a field of an optional component is never required). */
  readonly required: boolean;
  /** Set when this member is a NumInGroup field. */
  readonly group: FixGroupDef | null;
}

/** What a message body, the header, the trailer or a group instance may contain. */
export class FixFieldSetDef {
  /** Members in dictionary order, components expanded (group members are inside `group`). */
  readonly members: readonly FixMemberDef[];
  /** Tags of `members`. */
  readonly tags: TagSet;
  /** Required tags, ascending (the order QuickFIX reports a missing one in). */
  readonly required: readonly number[];
  /** Groups of this level by NumInGroup tag. */
  readonly groups: ReadonlyMap<number, FixGroupDef>;
  private readonly groupTags: TagSet;

  constructor(members: readonly FixMemberDef[]) {
    this.members = members;
    this.tags = new TagSet(members.map((m) => m.tag));
    this.required = members
      .filter((m) => m.required)
      .map((m) => m.tag)
      .sort((a, b) => a - b);
    const groups = new Map<number, FixGroupDef>();
    for (const m of members) if (m.group) groups.set(m.tag, m.group);
    this.groups = groups;
    this.groupTags = new TagSet(groups.keys());
  }

  has(tag: number): boolean {
    return this.tags.has(tag);
  }

  /** The group whose NumInGroup field is `countTag`, if it is one of this level. */
  group(countTag: number): FixGroupDef | undefined {
    return this.groupTags.has(countTag) ? this.groups.get(countTag) : undefined;
  }

  member(tag: number): FixMemberDef | undefined {
    return this.members.find((m) => m.tag === tag);
  }
}

export class FixGroupDef extends FixFieldSetDef {
  constructor(
    /** The NumInGroup field. */
    readonly countTag: number,
    readonly name: string,
    /** The first field of every instance. */
    readonly delimiter: number,
    members: readonly FixMemberDef[],
  ) {
    super(members);
  }
}

export class FixMessageDef extends FixFieldSetDef {
  constructor(
    readonly msgType: string,
    readonly name: string,
    readonly category: 'admin' | 'app',
    members: readonly FixMemberDef[],
  ) {
    super(members);
  }
}

export class FixDictionaryError extends Error {
  readonly code = 'QMO_FIX_DICTIONARY';
  override readonly name = 'FixDictionaryError';
}

const yes = (v: string | undefined) => v === 'Y' || v === 'y';

export class FixDictionary {
  /** "FIX.4.4", "FIXT.1.1", … — the BeginString of this dictionary's version. */
  readonly beginString: string;
  readonly major: number;
  readonly minor: number;
  readonly servicePack: number;
  readonly header: FixFieldSetDef;
  readonly trailer: FixFieldSetDef;
  /** The largest field number defined. */
  readonly maxTag: number;
  private readonly fieldsByTag: FixFieldDef[] = [];
  private readonly fieldMap = new Map<number, FixFieldDef>();
  private readonly fieldsByName = new Map<string, FixFieldDef>();
  private readonly messagesByType = new Map<string, FixMessageDef>();
  private readonly messagesByName = new Map<string, FixMessageDef>();
  private readonly componentElements = new Map<string, XmlElement>();
  private readonly groupCache = new Map<XmlElement, FixGroupDef>();
  /** Expanded components, by element and by whether the reference was required. */
  private readonly componentCache = new Map<
    XmlElement,
    [FixMemberDef[] | undefined, FixMemberDef[] | undefined]
  >();

  /** Parses a dictionary; a malformed or inconsistent one is a `FixDictionaryError` (or `XmlSyntaxError`). */
  static fromXml(text: string): FixDictionary {
    return new FixDictionary(parseXml(text));
  }

  private constructor(root: XmlElement) {
    if (root.name !== 'fix') throw new FixDictionaryError(`the root element is <${root.name}>, not <fix>`);
    const type = root.attributes.type ?? 'FIX';
    if (type !== 'FIX' && type !== 'FIXT') throw new FixDictionaryError(`<fix type="${type}">: FIX or FIXT`);
    const major = root.attributes.major;
    const minor = root.attributes.minor;
    if (major === undefined || minor === undefined)
      throw new FixDictionaryError('<fix> needs major and minor attributes');
    this.major = Number(major);
    this.minor = Number(minor);
    this.servicePack = Number(root.attributes.servicepack ?? 0) || 0;
    this.beginString = `${type}.${major}.${minor}`;

    const section = (name: string, required: boolean): XmlElement | undefined => {
      const found = root.children.filter((c) => c.name === name);
      if (found.length > 1) throw new FixDictionaryError(`more than one <${name}> section`);
      if (required && found.length === 0) throw new FixDictionaryError(`no <${name}> section`);
      return found[0];
    };

    // Fields first: everything else refers to them by name.
    let maxTag = 0;
    const fieldsSection = section('fields', true)!;
    for (const el of fieldsSection.children) {
      if (el.name !== 'field') continue;
      const def = this.readField(el);
      if (this.fieldMap.has(def.tag))
        throw new FixDictionaryError(`field number ${def.tag} defined twice (line ${el.line})`);
      if (this.fieldsByName.has(def.name))
        throw new FixDictionaryError(`field name ${def.name} defined twice (line ${el.line})`);
      this.fieldMap.set(def.tag, def);
      this.fieldsByName.set(def.name, def);
      if (def.tag < 65536) this.fieldsByTag[def.tag] = def;
      if (def.tag > maxTag) maxTag = def.tag;
    }
    this.maxTag = maxTag;
    this.linkDataFields();

    const components = section('components', false);
    for (const el of components?.children ?? []) {
      if (el.name !== 'component') continue;
      const name = el.attributes.name;
      if (!name) throw new FixDictionaryError(`<component> without a name (line ${el.line})`);
      if (this.componentElements.has(name)) throw new FixDictionaryError(`component ${name} defined twice`);
      this.componentElements.set(name, el);
    }

    const fixt = type === 'FIXT';
    const headerEl = section('header', fixt || this.major < 5);
    const trailerEl = section('trailer', fixt || this.major < 5);
    this.header = new FixFieldSetDef(headerEl ? this.expand(headerEl, true, []) : []);
    this.trailer = new FixFieldSetDef(trailerEl ? this.expand(trailerEl, true, []) : []);

    const messages = section('messages', true)!;
    for (const el of messages.children) {
      if (el.name !== 'message') continue;
      const { name, msgtype, msgcat } = el.attributes;
      if (!name || msgtype === undefined || msgtype === '')
        throw new FixDictionaryError(`<message> needs name and msgtype (line ${el.line})`);
      if (this.messagesByType.has(msgtype)) throw new FixDictionaryError(`msgtype ${msgtype} defined twice`);
      const category = msgcat === 'admin' ? 'admin' : 'app';
      const def = new FixMessageDef(msgtype, name, category, this.expand(el, true, []));
      this.messagesByType.set(msgtype, def);
      this.messagesByName.set(name, def);
    }
  }

  private readField(el: XmlElement): FixFieldDef {
    const { number, name, type } = el.attributes;
    if (!name || !number || !type)
      throw new FixDictionaryError(`<field> needs number, name and type (line ${el.line})`);
    if (!/^[0-9]+$/.test(number)) throw new FixDictionaryError(`field ${name}: bad number "${number}"`);
    const tag = Number(number);
    const upper = type.toUpperCase();
    let values: Map<string, string> | null = null;
    for (const v of el.children) {
      if (v.name !== 'value') continue;
      const e = v.attributes.enum;
      if (e === undefined)
        throw new FixDictionaryError(`field ${name}: <value> without enum (line ${v.line})`);
      values ??= new Map();
      values.set(e, v.attributes.description ?? '');
    }
    return {
      tag,
      name,
      type: upper,
      kind: kindOfXmlType(upper),
      values,
      multipleValues: isMultipleValueType(upper),
      lengthTag: 0,
    };
  }

  /** A DATA field's length is carried by the LENGTH field just before it (Signature: SignatureLength). */
  private linkDataFields(): void {
    for (const def of this.fieldMap.values()) {
      if (def.kind !== FixValueKind.Data) continue;
      const candidates = def.tag === 89 ? [93, 88] : [def.tag - 1];
      const len = candidates.map((t) => this.fieldMap.get(t)).find((f) => f?.type === 'LENGTH');
      if (len) (def as { lengthTag: number }).lengthTag = len.tag;
    }
  }

  private fieldNamed(name: string | undefined, el: XmlElement): FixFieldDef {
    if (!name) throw new FixDictionaryError(`<${el.name}> without a name (line ${el.line})`);
    const def = this.fieldsByName.get(name);
    if (!def) throw new FixDictionaryError(`${name} (line ${el.line}) is not in <fields>`);
    return def;
  }

  /**
   * The members of a message/header/trailer/group/component element, components inlined. A member
   * is required when it says so and every component it came through was required too.
   */
  private expand(el: XmlElement, required: boolean, trail: string[]): FixMemberDef[] {
    const out: FixMemberDef[] = [];
    for (const child of el.children) {
      const isRequired = required && yes(child.attributes.required);
      if (child.name === 'field') {
        const def = this.fieldNamed(child.attributes.name, child);
        out.push({ tag: def.tag, name: def.name, required: isRequired, group: null });
      } else if (child.name === 'group') {
        const def = this.fieldNamed(child.attributes.name, child);
        out.push({ tag: def.tag, name: def.name, required: isRequired, group: this.groupOf(child, trail) });
      } else if (child.name === 'component') {
        const name = child.attributes.name;
        const component = name === undefined ? undefined : this.componentElements.get(name);
        if (!component || name === undefined)
          throw new FixDictionaryError(`component ${name} (line ${child.line}) is not in <components>`);
        if (trail.includes(name))
          throw new FixDictionaryError(`component ${name} contains itself (${[...trail, name].join(' → ')})`);
        let cached = this.componentCache.get(component);
        if (!cached) {
          cached = [undefined, undefined];
          this.componentCache.set(component, cached);
        }
        const slot = isRequired ? 1 : 0;
        let members = cached[slot];
        if (!members) {
          members = this.expand(component, isRequired, [...trail, name]);
          cached[slot] = members;
        }
        for (const m of members) out.push(m);
      }
    }
    const seen = new Set<number>();
    for (const m of out) {
      if (seen.has(m.tag))
        throw new FixDictionaryError(`${m.name} appears twice in <${el.name} ${el.attributes.name ?? ''}>`);
      seen.add(m.tag);
    }
    return out;
  }

  /** Group definitions are shared by every structure that includes the same XML group element. */
  private groupOf(el: XmlElement, trail: string[]): FixGroupDef {
    const cached = this.groupCache.get(el);
    if (cached) return cached;
    const count = this.fieldNamed(el.attributes.name, el);
    // Inside an instance, a member's own flag counts: a present instance must carry its required fields.
    const members = this.expand(el, true, trail);
    const first = members[0];
    if (!first) throw new FixDictionaryError(`group ${count.name} (line ${el.line}) has no fields`);
    const def = new FixGroupDef(count.tag, count.name, first.tag, members);
    this.groupCache.set(el, def);
    return def;
  }

  // ---- lookups -------------------------------------------------------------------------------

  field(tag: number): FixFieldDef | undefined {
    return tag >= 0 && tag < 65536 ? this.fieldsByTag[tag] : this.fieldMap.get(tag);
  }

  fieldByName(name: string): FixFieldDef | undefined {
    return this.fieldsByName.get(name);
  }

  /** The tag of a field name; throws for an unknown name (a programming error, not input). */
  tagOf(name: string): number {
    const def = this.fieldsByName.get(name);
    if (!def) throw new FixDictionaryError(`no field named ${name}`);
    return def.tag;
  }

  message(msgType: string): FixMessageDef | undefined {
    return this.messagesByType.get(msgType);
  }

  messageByName(name: string): FixMessageDef | undefined {
    return this.messagesByName.get(name);
  }

  /** A component expanded as if it were required where used. */
  component(name: string): FixFieldSetDef | undefined {
    const el = this.componentElements.get(name);
    return el ? new FixFieldSetDef(this.expand(el, true, [name])) : undefined;
  }

  get fields(): IterableIterator<FixFieldDef> {
    return this.fieldMap.values();
  }

  get messages(): IterableIterator<FixMessageDef> {
    return this.messagesByType.values();
  }

  get componentNames(): string[] {
    return [...this.componentElements.keys()];
  }

  isHeaderTag(tag: number): boolean {
    return this.header.has(tag);
  }

  isTrailerTag(tag: number): boolean {
    return this.trailer.has(tag);
  }

  /** The description of an enumerated value ("1" of Side → "BUY"). */
  describe(tag: number, value: string): string | undefined {
    return this.field(tag)?.values?.get(value);
  }
}

/** Path of a file shipped in the SDK's `data/` folder (works from `dist/` and, under vitest, from `src/`). */
export function fixDataPath(...segments: string[]): string {
  return fileURLToPath(new URL(`../../data/${segments.join('/')}`, import.meta.url));
}

let fix44: FixDictionary | undefined;

/** QuickFIX's FIX 4.4 dictionary shipped with the SDK (`data/fix44/FIX44.xml`); loaded once. */
export function loadFix44Dictionary(): FixDictionary {
  fix44 ??= FixDictionary.fromXml(readFileSync(fixDataPath('fix44', 'FIX44.xml'), 'utf8'));
  return fix44;
}
