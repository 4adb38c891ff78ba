// Where a piece of text (or a control of our UI) is on screen, in the top page's coordinates, for
// a page or any frame in it, looking through open shadow roots (and closed ones the page guard
// recorded); selecting text with the mouse; and what our highlight holds in a frame.
import type { Frame, Page } from '@playwright/test';

export const TERM_HIGHLIGHT = 'clinical-lens-term';

export interface Point {
  x: number;
  y: number;
}

/** Where the nth occurrence of a text is in its frame's viewport. */
interface Spot {
  /** Centre of its first line box. */
  centre: Point;
  /** Inside its first character, left of the middle: a drag from here starts before it. */
  from: Point;
  /** Inside its last character, right of the middle: a drag to here ends after it. */
  to: Point;
}

/** The nth occurrence of `text` in the frame's viewport, scrolled into view; null when absent. */
async function spotInFrame(frame: Frame, text: string, nth: number): Promise<Spot | null> {
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
            if (!rect) return null;
            const charBox = (offset: number) => {
              range.setStart(node, offset);
              range.setEnd(node, offset + 1);
              return range.getBoundingClientRect();
            };
            const [first, last] = [charBox(at), charBox(at + text.length - 1)];
            return {
              centre: { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 },
              from: { x: first.left + first.width / 4, y: first.top + first.height / 2 },
              to: { x: last.right - last.width / 4, y: last.top + last.height / 2 },
            };
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

const moved = ({ x, y }: Point, by: Point): Point => ({ x: x + by.x, y: y + by.y });

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
  return moved(inFrame, await frameOffset(frame));
}

/** The nth occurrence of `text` in the top page's coordinates (what page.mouse expects). */
async function spotOf(target: Page | Frame, text: string, nth: number): Promise<Spot> {
  const frame = 'mainFrame' in target ? target.mainFrame() : target;
  const inFrame = await spotInFrame(frame, text, nth);
  if (!inFrame) throw new Error(`"${text}" (#${nth}) is not in ${frame.url()}`);
  const offset = await frameOffset(frame);
  return { centre: moved(inFrame.centre, offset), from: moved(inFrame.from, offset), to: moved(inFrame.to, offset) };
}

/** Centre of `text` in the top page's coordinates. */
export async function pointOf(target: Page | Frame, text: string, nth = 0): Promise<Point> {
  return (await spotOf(target, text, nth)).centre;
}

/**
 * Selects the nth occurrence of `text` as a reader does: a mouse drag from its first character to
 * its last. The input events go straight through the DevTools protocol: Playwright's mouse waits,
 * during a drag, on a script in the frame, which never runs in a frame sandboxed without scripts.
 */
export async function dragSelect(page: Page, target: Page | Frame, text: string, nth = 0): Promise<void> {
  const { from, to } = await spotOf(target, text, nth);
  const cdp = await page.context().newCDPSession(page);
  try {
    const mouse = (type: 'mouseMoved' | 'mousePressed' | 'mouseReleased', { x, y }: Point, buttons: number) =>
      cdp.send('Input.dispatchMouseEvent', { type, x, y, button: type === 'mouseMoved' && buttons === 0 ? 'none' : 'left', buttons, clickCount: 1 });
    await mouse('mouseMoved', from, 0);
    await mouse('mousePressed', from, 1);
    for (let step = 1; step <= 5; step++) await mouse('mouseMoved', { x: from.x + ((to.x - from.x) * step) / 5, y: from.y + ((to.y - from.y) * step) / 5 }, 1);
    await mouse('mouseReleased', to, 0);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * Centre of the element matching `selector` (and reading `label`, when given) in our UI's shadow
 * root, scrolled into view, in the top page's coordinates; null when there is none on screen.
 */
export async function uiPointOf(target: Page | Frame, selector: string, label?: string): Promise<Point | null> {
  const frame = 'mainFrame' in target ? target.mainFrame() : target;
  const inFrame = await frame.evaluate(
    ({ selector, label }) => {
      const all = [...(document.querySelector('clinical-lens-ui')?.shadowRoot?.querySelectorAll(selector) ?? [])];
      const element = all.find((el) => label === undefined || el.textContent?.trim() === label);
      // Inside a panel taller than a small frame, scrolled to as a reader would.
      element?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = element?.getBoundingClientRect();
      return r && r.width > 0 ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null;
    },
    { selector, label },
  );
  return inFrame && moved(inFrame, await frameOffset(frame));
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

/** Centre of the first line of the first range in the highlight `name`, scrolled into view, in the top page's coordinates; null when it holds none. */
export async function highlightPointOf(target: Page | Frame, name: string): Promise<Point | null> {
  const frame = 'mainFrame' in target ? target.mainFrame() : target;
  const inFrame = await frame.evaluate((name) => {
    const range = [...((CSS.highlights.get(name) as Iterable<Range> | undefined) ?? [])][0];
    range?.startContainer.parentElement?.scrollIntoView({ block: 'center', inline: 'nearest' });
    const rect = range?.getClientRects()[0];
    return rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : null;
  }, name);
  return inFrame && moved(inFrame, await frameOffset(frame));
}
