// A small element tree over fast-xml-parser's ordered output, for asserting on rendered SVG.
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface El {
  tag: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

type Ordered = Record<string, unknown>;

function convert(node: Ordered): El | null {
  const tag = Object.keys(node).find((k) => k !== ':@');
  if (tag === undefined || tag === '#text') return null;
  const kids = (node[tag] as Ordered[]) ?? [];
  const children: El[] = [];
  let text = '';
  for (const k of kids) {
    if ('#text' in k) text += String(k['#text']);
    else {
      const c = convert(k);
      if (c) children.push(c);
    }
  }
  return { tag, attrs: (node[':@'] as Record<string, string>) ?? {}, children, text };
}

/** Parses an SVG document, failing the test when it is not well-formed XML. */
export function parseSVG(svg: string): El {
  const valid = XMLValidator.validate(svg);
  assert.equal(valid, true, `SVG is not well-formed: ${JSON.stringify(valid)}`);
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, trimValues: false });
  const roots = (parser.parse(svg) as Ordered[]).map(convert).filter((e): e is El => e !== null);
  assert.equal(roots.length, 1);
  assert.equal(roots[0]!.tag, 'svg');
  return roots[0]!;
}

export function findAll(root: El, pred: (e: El) => boolean): El[] {
  const out: El[] = [];
  const walk = (e: El) => {
    if (pred(e)) out.push(e);
    e.children.forEach(walk);
  };
  walk(root);
  return out;
}

export function classes(e: El): string[] {
  return (e.attrs.class ?? '').split(/\s+/).filter(Boolean);
}

/** Elements whose class list has a class matching `re` (Vega puts a mark's name in its class). */
export function byClass(root: El, re: RegExp): El[] {
  return findAll(root, (e) => classes(e).some((c) => re.test(c)));
}

/** The drawn items of a Vega mark group: its element children other than Vega's own background paths. */
export function items(group: El): El[] {
  return group.children.filter((c) => !classes(c).includes('background') && !classes(c).includes('foreground'));
}

export function allText(root: El): string[] {
  return findAll(root, (e) => e.tag === 'text').map((e) => e.text);
}
