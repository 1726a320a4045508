import { describe, expect, it } from 'vitest';
import { parseXml, XmlSyntaxError } from '../../src/fix/index.js';

describe('parseXml', () => {
  it('reads elements, attributes in both quotes, self-closing tags, comments and the declaration', () => {
    const root = parseXml(`<?xml version="1.0" encoding="UTF-8"?>
<!-- a dictionary -->
<!DOCTYPE fix>
<fix type='FIX' major="4">
  <fields>
    <field number='1' name="Account" type='STRING'/>
    <!-- comment between elements -->
    <field number = "4" name='AdvSide' type='CHAR' >
      <value enum='B' description='BUY' />
    </field>
  </fields>
</fix>
`);
    expect(root.name).toBe('fix');
    expect(root.attributes).toEqual({ type: 'FIX', major: '4' });
    const fields = root.children[0]!;
    expect(fields.children.map((c) => c.attributes.name)).toEqual(['Account', 'AdvSide']);
    expect(fields.children[1]!.children[0]!.attributes).toEqual({ enum: 'B', description: 'BUY' });
    expect(fields.children[1]!.line).toBe(8);
  });

  it('decodes entity and character references, keeps CDATA and text', () => {
    const root = parseXml(`<a x="&lt;&amp;&gt;&quot;&apos;&#65;&#x42;">t&amp;u<![CDATA[<raw>&]]></a>`);
    expect(root.attributes.x).toBe(`<&>"'AB`);
    expect(root.text).toBe('t&u<raw>&');
  });

  it.each([
    ['<a><b></a>', /does not match <b>/],
    ['<a>', /unclosed element <a>/],
    ['<a x="1" x="2"/>', /duplicate attribute "x"/],
    ['<a/><b/>', /a second root element/],
    ['<a x=1/>', /must be quoted/],
    ['<a x="<"/>', /"<" in an attribute value/],
    ['<a>&nope;</a>', /unknown entity/],
    ['text<a/>', /text before the root element/],
    ['<a/>tail', /text after the root element/],
    ['', /no root element/],
    ['<a><!-- open</a>', /unterminated comment/],
    ['</a>', /closing tag <\/a> without an open element/],
  ])('refuses %j', (source, message) => {
    expect(() => parseXml(source)).toThrow(XmlSyntaxError);
    expect(() => parseXml(source)).toThrow(message);
  });

  it('reports the line and column of the fault', () => {
    try {
      parseXml('<a>\n  <b>\n  </c>\n</a>');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(XmlSyntaxError);
      expect((e as XmlSyntaxError).line).toBe(3);
      expect((e as XmlSyntaxError).column).toBe(3);
    }
  });
});
