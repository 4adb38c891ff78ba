// HTML → the text a reader sees, for the scan CLI. It walks the parsed document with the
// content script's own text walker (entrypoints/content/text-model.ts), so the CLI reads exactly
// what the extension reads: scripts, styles, templates, form fields and contenteditable regions
// skipped, blocks joined by U+2029. linkedom supplies the DOM in Node.
import { parseHTML } from 'linkedom';
import { walkSubtree } from '../entrypoints/content/text-model';
import { BLOCK_SEPARATOR } from './matcher';

const HTML_START = /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]/i;
const HTML_EXTENSION = /\.(?:html?|xhtml)$/i;

/** True for a file that should be read as HTML: by its name, or by how its text begins. */
export function isHtml(text: string, fileName = ''): boolean {
  return HTML_EXTENSION.test(fileName) || HTML_START.test(text);
}

/** The visible text of an HTML document or fragment, blocks joined by U+2029. */
export function htmlToText(html: string): string {
  // A fragment gets a body of its own, so it is walked like a page.
  const source = HTML_START.test(html) ? html : `<!doctype html><html><body>${html}</body></html>`;
  const { document } = parseHTML(source);
  const blocks: string[] = [];
  // The walk starts at the root element: linkedom does not link the doctype to its siblings.
  walkSubtree(document.documentElement as unknown as Element, { run: (run) => blocks.push(run.text), shadowRoot: () => {} }).step();
  return blocks.join(BLOCK_SEPARATOR);
}
