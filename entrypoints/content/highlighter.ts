// Marks mentions with the CSS Custom Highlight API: one namespaced highlight, styled by a
// constructed stylesheet adopted into the document (and each open shadow root with mentions).
// Nothing is added to the page's DOM, and a page's own sheets and highlights are left alone.
import type { HighlightStyle } from '../../lib/settings';

export const TERM_HIGHLIGHT = 'clinical-lens-term';

// ::highlight() accepts only colour, background and text-decoration properties. A mid-tone blue
// keeps at least 3:1 contrast on white and on black, so the underline reads on light and dark
// pages alike; the tint is light enough to keep the page's own text colour readable on both.
// "none" keeps the highlight (hover still finds terms) but paints nothing.
const STYLE_CSS: Record<HighlightStyle, string> = {
  underline: `::highlight(${TERM_HIGHLIGHT}) {
  text-decoration: underline dotted 2px rgb(38 132 210);
}`,
  background: `::highlight(${TERM_HIGHLIGHT}) {
  background-color: rgb(38 132 210 / 0.22);
}`,
  none: '',
};

export interface Highlighter {
  add(range: Range, root: Node): void;
  delete(range: Range): void;
  /** Puts our highlight and sheets back where a page replaced the registry or its sheets. */
  restore(): void;
  /** Removes our highlight and sheets: the page is as we found it. Adding again starts over. */
  dispose(): void;
  /** Changes how marks look, everywhere at once (one shared sheet). */
  setStyle(style: HighlightStyle): void;
}

type StyleRoot = Document | ShadowRoot;

export function createHighlighter(doc: Document = document, initialStyle: HighlightStyle = 'underline'): Highlighter {
  let style = initialStyle;
  const registry = typeof CSS !== 'undefined' && 'highlights' in CSS ? CSS.highlights : undefined;
  let highlight: Highlight | undefined;
  let sheet: CSSStyleSheet | undefined;
  const styled = new Set<StyleRoot>();
  /** Roots that refused a constructed sheet (e.g. XML documents): not asked again. */
  const refused = new WeakSet<StyleRoot>();

  const attach = (root: StyleRoot, css: CSSStyleSheet) => {
    if (root.adoptedStyleSheets.includes(css)) return;
    try {
      root.adoptedStyleSheets.push(css);
    } catch {
      // Where the array cannot be changed in place (older engines, Firefox's X-rays), replace
      // it with a copy that keeps every sheet of the page's.
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, css];
    }
  };

  const adopt = (root: StyleRoot) => {
    try {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(STYLE_CSS[style]);
      }
      attach(root, sheet);
      styled.add(root);
    } catch {
      // Unstyled, the highlight paints nothing here; hover still finds the mentions.
      refused.add(root);
    }
  };

  return {
    add(range, root) {
      if (!registry) return;
      if (!highlight) {
        highlight = new Highlight();
        registry.set(TERM_HIGHLIGHT, highlight);
      }
      highlight.add(range);
      const styleRoot: StyleRoot = root.nodeType === 11 ? (root as ShadowRoot) : doc;
      if (!styled.has(styleRoot) && !refused.has(styleRoot)) adopt(styleRoot);
    },
    delete(range) {
      highlight?.delete(range);
    },
    restore() {
      if (highlight && registry && registry.get(TERM_HIGHLIGHT) !== highlight) registry.set(TERM_HIGHLIGHT, highlight);
      if (!sheet) return;
      for (const root of styled) {
        if (root.nodeType === 11 && !(root as ShadowRoot).host.isConnected) styled.delete(root);
        else attach(root, sheet);
      }
    },
    dispose() {
      if (highlight && registry?.get(TERM_HIGHLIGHT) === highlight) registry.delete(TERM_HIGHLIGHT);
      highlight?.clear();
      highlight = undefined;
      for (const root of styled) {
        const index = sheet ? root.adoptedStyleSheets.indexOf(sheet) : -1;
        if (index >= 0) root.adoptedStyleSheets.splice(index, 1);
      }
      styled.clear();
    },
    setStyle(next) {
      if (next === style) return;
      style = next;
      sheet?.replaceSync(STYLE_CSS[style]);
    },
  };
}
