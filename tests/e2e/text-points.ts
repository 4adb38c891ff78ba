// Where a piece of text is on screen, in the top page's coordinates, for a page or any frame in
// it, looking through open shadow roots (and closed ones the page guard recorded), and what our
// highlight holds in a frame.
import type { Frame, Page } from '@playwright/test';

export const TERM_HIGHLIGHT = 'clinical-lens-term';

export interface Point {
  x: number;
  y: number;
}

/** Centre of the nth occurrence of `text` in the frame's viewport, scrolled into view; null when absent. */
async function pointInFrame(frame: Frame, text: string, nth: number): Promise<Point | null> {
  return frame.evaluate(
    ({ text, nth }) => {
      let seen = 0;
      const roots: Node[] = [document, ...(window.__pageGuard?.closedRoots ?? [])];
      for (let i = 0; i < roots.length; i++) {
        const root = roots[i] as Node;
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.nodeType === Node.ELEMENT_NODE) {
            const shadow = (node as Element).shadowRoot;
            if (shadow) roots.push(shadow);
            continue;
          }
          // Script and style text is not on screen, even where it names the same words.
          if (node.parentElement?.closest('script, style, title, template')) continue;
          const data = (node as Text).data;
          for (let at = data.indexOf(text); at >= 0; at = data.indexOf(text, at + 1)) {
            if (seen++ < nth) continue;
            node.parentElement?.scrollIntoView({ block: 'center', inline: 'nearest' });
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + text.length);
            // The first line's box: a term that wraps has no text at its bounding box's centre.
            const rect = range.getClientRects()[0];
            return rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : null;
          }
        }
      }
      return null;
    },
    { text, nth },
  );
}

/** Offset of a frame's viewport in the top page (its iframe's content box, frames nested). */
async function frameOffset(frame: Frame): Promise<Point> {
  const parent = frame.parentFrame();
  if (!parent) return { x: 0, y: 0 };
  const element = await frame.frameElement();
  await element.scrollIntoViewIfNeeded();
  const own = await element.evaluate((node) => {
    const el = node as Element;
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return { x: r.left + el.clientLeft + parseFloat(style.paddingLeft), y: r.top + el.clientTop + parseFloat(style.paddingTop) };
  });
  const outer = await frameOffset(parent);
  return { x: own.x + outer.x, y: own.y + outer.y };
}

/** A corner of the frame's viewport where there is neither text nor our card. */
export async function blankPoint(target: Page | Frame): Promise<Point> {
  const frame = 'mainFrame' in target ? target.mainFrame() : target;
  const inFrame = await frame.evaluate(() => {
    const card = document.querySelector('clinical-lens-ui')?.shadowRoot?.querySelector('.cl-popover')?.getBoundingClientRect();
    const [w, h] = [document.documentElement.clientWidth, document.documentElement.clientHeight];
    const corners = [
      { x: 2, y: 2 },
      { x: w - 3, y: 2 },
      { x: 2, y: h - 3 },
      { x: w - 3, y: h - 3 },
    ];
    const blank = ({ x, y }: { x: number; y: number }) => {
      if (card && x >= card.left && x <= card.right && y >= card.top && y <= card.bottom) return false;
      const caret = document.caretPositionFromPoint(x, y);
      if (!caret || caret.offsetNode.nodeType !== Node.TEXT_NODE) return true;
      const range = document.createRange();
      range.selectNodeContents(caret.offsetNode);
      return ![...range.getClientRects()].some((r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom);
    };
    return corners.find(blank) ?? null;
  });
  if (!inFrame) throw new Error(`no blank corner in ${frame.url()}`);
  const offset = await frameOffset(frame);
  return { x: inFrame.x + offset.x, y: inFrame.y + offset.y };
}

/** Centre of `text` in the top page's coordinates (what page.mouse expects). */
export async function pointOf(target: Page | Frame, text: string, nth = 0): Promise<Point> {
  const frame = 'mainFrame' in target ? target.mainFrame() : target;
  const inFrame = await pointInFrame(frame, text, nth);
  if (!inFrame) throw new Error(`"${text}" (#${nth}) is not in ${frame.url()}`);
  const offset = await frameOffset(frame);
  return { x: inFrame.x + offset.x, y: inFrame.y + offset.y };
}

export interface Mark {
  text: string;
  /** Where the range starts and ends, for telling duplicates apart. */
  key: string;
  live: boolean;
}

/** The ranges in our highlight in this frame's document (the registry is shared by worlds). */
export async function marksIn(target: Page | Frame): Promise<Mark[]> {
  return target.evaluate((name) => {
    const highlight = CSS.highlights.get(name);
    if (!highlight) return [];
    const ids = new Map<Node, number>();
    const id = (node: Node) => {
      if (!ids.has(node)) ids.set(node, ids.size);
      return ids.get(node);
    };
    return [...highlight].map((abstract) => {
      const range = abstract as Range;
      return {
        text: range.toString(),
        key: `${id(range.startContainer)}:${range.startOffset}-${id(range.endContainer)}:${range.endOffset}`,
        live: range.startContainer.isConnected && range.endContainer.isConnected && !range.collapsed,
      };
    });
  }, TERM_HIGHLIGHT);
}

/** The marked texts, sorted (what most checks compare). */
export async function markedTexts(target: Page | Frame): Promise<string[]> {
  return (await marksIn(target)).map((m) => m.text).sort();
}
