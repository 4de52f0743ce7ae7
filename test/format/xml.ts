/** @fileoverview A strict little XML reader for the JUnit tests: elements, attributes, text, the five entities, char refs. */

/** One element. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_][\\w.-]*';

/** Decodes the predefined entities and numeric character references; throws on anything else. */
function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);?/g, (m, ref: string) => {
    if (!m.endsWith(';')) throw new Error(`bare & in ${JSON.stringify(s)}`);
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    const v = named[ref];
    if (v === undefined) throw new Error(`unknown entity &${ref};`);
    return v;
  });
}

/** Parses a document with an optional XML declaration and one root element; throws when it is not well formed. */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const decl = /^<\?xml [^?]*\?>\s*/.exec(xml);
  if (decl) i = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tag = new RegExp(`<(/?)(${NAME})((?:\\s+${NAME}="[^"<]*")*)\\s*(/?)>`, 'y');
  while (i < xml.length) {
    if (xml[i] !== '<') {
      const end = xml.indexOf('<', i);
      const raw = xml.slice(i, end < 0 ? xml.length : end);
      if (raw.includes('>')) throw new Error(`unescaped > in text at ${i}`);
      const top = stack[stack.length - 1];
      if (top) top.text += decode(raw);
      else if (raw.trim() !== '') throw new Error(`text outside the root at ${i}`);
      i += raw.length;
      continue;
    }
    tag.lastIndex = i;
    const m = tag.exec(xml);
    if (!m) throw new Error(`malformed tag at ${i}: ${xml.slice(i, i + 60)}`);
    i = tag.lastIndex;
    const [, close, name, attrText, selfClose] = m;
    if (close) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText!.matchAll(new RegExp(`(${NAME})="([^"]*)"`, 'g'))) {
      if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]}`);
      attrs[a[1]!] = decode(a[2]!);
    }
    const el: XmlElement = { name: name!, attrs, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (root) throw new Error('more than one root element');
    else root = el;
    if (!selfClose) stack.push(el);
  }
  if (stack.length > 0 || !root) throw new Error('unclosed elements');
  return root;
}
