/**
 * A small, strict XML reader — enough for data dictionaries (QuickFIX format): elements, attributes
 * in single or double quotes, self-closing tags, comments, the XML declaration and processing
 * instructions, a DOCTYPE without internal subset, CDATA, character and the five predefined entity
 * references. Anything else (mismatched or unclosed tags, duplicate attributes, stray `<`, two roots)
 * is an `XmlSyntaxError` with its line and column. No namespaces, no DTD processing.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Character data directly inside this element (runs of whitespace only, such as indentation, left out). */
  readonly text: string;
  /** 1-based line of the element's `<`. */
  readonly line: number;
}

export class XmlSyntaxError extends Error {
  readonly code = 'QMO_FIX_XML_SYNTAX';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} at line ${line}, column ${column}`);
    this.name = 'XmlSyntaxError';
  }
}

interface MutableElement {
  name: string;
  attributes: Record<string, string>;
  children: MutableElement[];
  text: string;
  line: number;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const isNameStart = (c: number) =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c >= 0xc0;
const isNameChar = (c: number) =>
  isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** Parses an XML document and returns its root element. */
export function parseXml(source: string): XmlElement {
  let pos = 0;
  const length = source.length;
  // Skip a byte-order mark.
  if (source.charCodeAt(0) === 0xfeff) pos = 1;

  const fail = (message: string, at = pos): never => {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at && i < length; i++) {
      if (source.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    throw new XmlSyntaxError(message, line, at - lineStart + 1);
  };
  // Lines are counted incrementally: elements are met in document order.
  let countedTo = 0;
  let countedLines = 1;
  const lineAt = (at: number) => {
    for (; countedTo < at; countedTo++) if (source.charCodeAt(countedTo) === 10) countedLines++;
    return countedLines;
  };

  const readName = (): string => {
    const start = pos;
    if (pos >= length || !isNameStart(source.charCodeAt(pos))) fail('expected a name');
    pos++;
    while (pos < length && isNameChar(source.charCodeAt(pos))) pos++;
    return source.slice(start, pos);
  };
  const skipSpace = () => {
    while (pos < length && isSpace(source.charCodeAt(pos))) pos++;
  };
  const expect = (literal: string) => {
    if (!source.startsWith(literal, pos)) fail(`expected "${literal}"`);
    pos += literal.length;
  };
  /** Decodes entity and character references in `raw` (which starts at `offset` in the source). */
  const decode = (raw: string, offset: number): string => {
    if (raw.indexOf('&') < 0) return raw;
    let out = '';
    let i = 0;
    while (i < raw.length) {
      const amp = raw.indexOf('&', i);
      if (amp < 0) {
        out += raw.slice(i);
        break;
      }
      out += raw.slice(i, amp);
      const semi = raw.indexOf(';', amp);
      if (semi < 0) fail('unterminated entity reference', offset + amp);
      const ref = raw.slice(amp + 1, semi);
      if (ref.startsWith('#')) {
        const hex = ref[1] === 'x';
        const digits = ref.slice(hex ? 2 : 1);
        const valid = hex ? /^[0-9a-fA-F]+$/.test(digits) : /^[0-9]+$/.test(digits);
        const code = valid ? Number.parseInt(digits, hex ? 16 : 10) : Number.NaN;
        if (!Number.isInteger(code) || code > 0x10ffff)
          fail(`bad character reference "&${ref};"`, offset + amp);
        out += String.fromCodePoint(code);
      } else {
        const value = ENTITIES[ref];
        if (value === undefined) fail(`unknown entity "&${ref};"`, offset + amp);
        out += value;
      }
      i = semi + 1;
    }
    return out;
  };
  /** Skips a comment, processing instruction or DOCTYPE at `pos` (which is at `<`); false if none. */
  const skipMarkup = (): boolean => {
    if (source.startsWith('<!--', pos)) {
      const end = source.indexOf('-->', pos + 4);
      if (end < 0) fail('unterminated comment');
      if (source.slice(pos + 4, end).includes('--')) fail('"--" inside a comment');
      pos = end + 3;
      return true;
    }
    if (source.startsWith('<?', pos)) {
      const end = source.indexOf('?>', pos + 2);
      if (end < 0) fail('unterminated processing instruction');
      pos = end + 2;
      return true;
    }
    if (source.startsWith('<!DOCTYPE', pos)) {
      const end = source.indexOf('>', pos);
      if (end < 0) fail('unterminated DOCTYPE');
      if (source.slice(pos, end).includes('[')) fail('DOCTYPE internal subsets are not supported');
      pos = end + 1;
      return true;
    }
    return false;
  };

  // Prolog: whitespace, declaration, comments, DOCTYPE.
  for (;;) {
    skipSpace();
    if (pos >= length) fail('no root element');
    if (source.charCodeAt(pos) !== 60) fail('text before the root element');
    if (!skipMarkup()) break;
  }

  const stack: MutableElement[] = [];
  let root: MutableElement | null = null;

  while (pos < length) {
    const c = source.charCodeAt(pos);
    if (c !== 60) {
      // Character data; whitespace-only runs (indentation) are dropped without being copied.
      let end = pos;
      let blank = true;
      while (end < length) {
        const d = source.charCodeAt(end);
        if (d === 60) break;
        if (blank && !isSpace(d)) blank = false;
        end++;
      }
      const top = stack[stack.length - 1];
      if (!blank) {
        if (!top) fail('text after the root element');
        const raw = source.slice(pos, end);
        if (raw.includes(']]>')) fail('"]]>" in character data');
        (top as MutableElement).text += decode(raw, pos);
      }
      pos = end;
      continue;
    }
    const c1 = source.charCodeAt(pos + 1);
    if (c1 === 33 /* ! */ || c1 === 63 /* ? */) {
      if (source.startsWith('<![CDATA[', pos)) {
        const top = stack[stack.length - 1];
        if (!top) fail('CDATA outside the root element');
        const end = source.indexOf(']]>', pos + 9);
        if (end < 0) fail('unterminated CDATA section');
        (top as MutableElement).text += source.slice(pos + 9, end);
        pos = end + 3;
        continue;
      }
      if (skipMarkup()) continue;
      fail('unexpected markup');
    }
    if (c1 === 47 /* / */) {
      const at = pos;
      pos += 2;
      const name = readName();
      skipSpace();
      expect('>');
      const open = stack.pop();
      if (!open) fail(`closing tag </${name}> without an open element`, at);
      if ((open as MutableElement).name !== name)
        fail(`closing tag </${name}> does not match <${(open as MutableElement).name}>`, at);
      continue;
    }
    // Start tag.
    const at = pos;
    if (root && stack.length === 0) fail('a second root element', at);
    pos++;
    const name = readName();
    const attributes: Record<string, string> = {};
    let selfClosing = false;
    for (;;) {
      const hadSpace = pos < length && isSpace(source.charCodeAt(pos));
      skipSpace();
      if (pos >= length) fail(`unterminated start tag <${name}>`, at);
      const d = source.charCodeAt(pos);
      if (d === 62) {
        pos++;
        break;
      }
      if (d === 47) {
        pos++;
        expect('>');
        selfClosing = true;
        break;
      }
      if (!hadSpace) fail('expected whitespace before an attribute');
      const attrAt = pos;
      const attrName = readName();
      skipSpace();
      expect('=');
      skipSpace();
      const quote = source.charCodeAt(pos);
      if (quote !== 34 && quote !== 39) fail('attribute value must be quoted');
      const close = source.indexOf(quote === 34 ? '"' : "'", pos + 1);
      if (close < 0) fail('unterminated attribute value');
      const raw = source.slice(pos + 1, close);
      if (raw.includes('<')) fail('"<" in an attribute value', pos + 1 + raw.indexOf('<'));
      if (Object.hasOwn(attributes, attrName)) fail(`duplicate attribute "${attrName}"`, attrAt);
      attributes[attrName] = decode(raw, pos + 1);
      pos = close + 1;
    }
    const element: MutableElement = { name, attributes, children: [], text: '', line: lineAt(at) };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) fail(`unclosed element <${stack[stack.length - 1]?.name}>`);
  if (!root) fail('no root element');
  return root as XmlElement;
}
