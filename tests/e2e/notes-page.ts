// Page-side helpers shared by the notes specs.
import type { Frame, Page } from '@playwright/test';

export const NOTE_HIGHLIGHT = 'clinical-lens-note';

/** The marked passages of a page or frame (main world: the highlight registry is per document, shared by worlds). */
export const noteMarks = (page: Page | Frame) =>
  page.evaluate((name) => [...((CSS.highlights.get(name) as Iterable<Range> | undefined) ?? [])].map((range) => range.toString()), NOTE_HIGHLIGHT);

/** Selects the words `text` inside the element matching `selector`, as a reader would. */
export async function select(page: Page, selector: string, text: string): Promise<void> {
  await page.evaluate(
    ([sel, words]) => {
      const element = document.querySelector(sel)!;
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        const at = node.data.indexOf(words);
        if (at === -1) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + words.length);
        const selection = document.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        return;
      }
      throw new Error(`"${words}" not in ${sel}`);
    },
    [selector, text] as const,
  );
}
