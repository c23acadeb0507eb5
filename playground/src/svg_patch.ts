// Updates a chart in place: the new SVG is parsed off-document and only the attributes, text and
// elements that changed are written into the live one. From one training frame to the next most of a
// chart (axes, the data points) stays the same, so the browser restyles and repaints only the
// prediction line and the loss text instead of rebuilding the whole picture about 30 times a second.

const parser = document.createElement('template');

function sameKind(a: Node, b: Node): boolean {
  return a.nodeType === b.nodeType && a.nodeName === b.nodeName;
}

function patchAttributes(live: Element, fresh: Element): void {
  for (const { name, value } of Array.from(fresh.attributes)) {
    if (live.getAttribute(name) !== value) live.setAttribute(name, value);
  }
  for (const { name } of Array.from(live.attributes)) {
    if (!fresh.hasAttribute(name)) live.removeAttribute(name);
  }
}

function patchNode(live: Node, fresh: Node): void {
  if (live.nodeType === Node.TEXT_NODE || live.nodeType === Node.COMMENT_NODE) {
    if (live.nodeValue !== fresh.nodeValue) live.nodeValue = fresh.nodeValue;
    return;
  }
  patchAttributes(live as Element, fresh as Element);
  const have = Array.from(live.childNodes);
  const want = Array.from(fresh.childNodes);
  if (have.length !== want.length) {
    (live as Element).replaceChildren(...want);
    return;
  }
  for (let i = 0; i < want.length; i++) {
    if (sameKind(have[i]!, want[i]!)) patchNode(have[i]!, want[i]!);
    else live.replaceChild(want[i]!, have[i]!);
  }
}

/** Makes `container` show `svg`, touching only what differs from what it shows now. */
export function showSVG(container: Element, svg: string): void {
  const live = container.firstElementChild;
  parser.innerHTML = svg;
  const fresh = parser.content.firstElementChild;
  if (!fresh) {
    container.replaceChildren();
    return;
  }
  if (live && container.childNodes.length === 1 && sameKind(live, fresh)) patchNode(live, fresh);
  else container.replaceChildren(fresh);
  parser.innerHTML = '';
}
