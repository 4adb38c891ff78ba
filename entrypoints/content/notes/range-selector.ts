// The DOM half of a note's selectors: a W3C RangeSelector whose start and end are XPath
// selectors to text nodes, refined by a TextPositionSelector (code points within the node).
// Resolving it is only a shortcut: the result is accepted when the words there and around are
// unchanged (lib/anchoring checks), so a path that now points elsewhere does no harm.
import type { RangeSelector } from '../../../lib/annotation';
import { toCodePoints, toUtf16 } from '../../../lib/anchoring/code-points';

const HTML_NS = 'http://www.w3.org/1999/xhtml';

/** An XPath from the document to `node` (/html[1]/body[1]/p[2]/text()[1]), or null for nodes
 *  XPath cannot reach (inside a shadow root) or name plainly (non-HTML elements). */
function pathOf(node: Node): string | null {
  const steps: string[] = [];
  for (let current: Node = node; current.nodeType !== Node.DOCUMENT_NODE; ) {
    const parent = current.parentNode;
    if (!parent) return null;
    if (current.nodeType === Node.TEXT_NODE) {
      let index = 1;
      for (let s = current.previousSibling; s; s = s.previousSibling) if (s.nodeType === Node.TEXT_NODE) index++;
      steps.push(`text()[${index}]`);
    } else if (current.nodeType === Node.ELEMENT_NODE && (current as Element).namespaceURI === HTML_NS) {
      const name = (current as Element).localName;
      let index = 1;
      for (let s = (current as Element).previousElementSibling; s; s = s.previousElementSibling) if (s.localName === name) index++;
      steps.push(`${name}[${index}]`);
    } else {
      return null;
    }
    current = parent;
  }
  return `/${steps.reverse().join('/')}`;
}

function point(node: Node, offset: number): RangeSelector['startSelector'] | null {
  if (node.nodeType !== Node.TEXT_NODE) return null;
  const value = pathOf(node);
  if (!value) return null;
  const at = toCodePoints((node as Text).data, offset);
  return { type: 'XPathSelector', value, refinedBy: { type: 'TextPositionSelector', start: at, end: at } };
}

/** The RangeSelector for a range between two text positions, or null when it cannot be named. */
export function describeRange(range: Range): RangeSelector | null {
  const startSelector = point(range.startContainer, range.startOffset);
  const endSelector = point(range.endContainer, range.endOffset);
  return startSelector && endSelector ? { type: 'RangeSelector', startSelector, endSelector } : null;
}

function resolvePoint(selector: RangeSelector['startSelector'], doc: Document): { node: Text; offset: number } | null {
  let node: Node | null;
  try {
    node = doc.evaluate(selector.value, doc, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
  } catch {
    return null;
  }
  if (!node || node.nodeType !== Node.TEXT_NODE) return null;
  const offset = toUtf16((node as Text).data, selector.refinedBy?.start ?? 0);
  return offset === null ? null : { node: node as Text, offset };
}

/** The range a RangeSelector names in `doc` today, or null. */
export function resolveRange(selector: RangeSelector, doc: Document = document): Range | null {
  const start = resolvePoint(selector.startSelector, doc);
  const end = resolvePoint(selector.endSelector, doc);
  if (!start || !end) return null;
  const range = doc.createRange();
  try {
    range.setStart(start.node, start.offset);
    range.setEnd(end.node, end.offset);
  } catch {
    return null;
  }
  return range.collapsed ? null : range;
}
