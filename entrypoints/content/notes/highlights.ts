// Marks anchored notes with the CSS Custom Highlight API in their own colour, plus a stronger
// mark for the note being shown. Styled by one constructed stylesheet adopted into the document
// and into each open shadow root holding a note; nothing is added to the page's DOM, and the
// page's own sheets and highlights are left alone.

export const NOTE_HIGHLIGHT = 'clinical-lens-note';
export const NOTE_FOCUS_HIGHLIGHT = 'clinical-lens-note-focus';

// ::highlight() accepts colours and text decoration only. A translucent amber reads on light
// and dark pages and differs from the blue dotted underline of terms.
const NOTE_CSS = `::highlight(${NOTE_HIGHLIGHT}) {
  background-color: rgb(255 196 0 / 0.35);
}
::highlight(${NOTE_FOCUS_HIGHLIGHT}) {
  background-color: rgb(255 160 0 / 0.6);
  text-decoration: underline 2px rgb(190 110 0);
}`;

export interface NoteHighlights {
  /** Replaces every note mark with these ranges. */
  set(ranges: readonly Range[]): void;
  /** The note being shown, or none. */
  focus(range: Range | null): void;
  dispose(): void;
}

type StyleRoot = Document | ShadowRoot;

export function createNoteHighlights(doc: Document = document): NoteHighlights {
  const registry = typeof CSS !== 'undefined' && 'highlights' in CSS ? CSS.highlights : undefined;
  let sheet: CSSStyleSheet | undefined;
  const styled = new Set<StyleRoot>();
  const marks = registry ? new Highlight() : undefined;
  const focused = registry ? new Highlight() : undefined;
  // Above the term underline, so a noted term shows both.
  if (marks) marks.priority = 1;
  if (focused) focused.priority = 2;

  const adopt = (root: StyleRoot) => {
    if (styled.has(root)) return;
    try {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(NOTE_CSS);
      }
      if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      styled.add(root);
    } catch {
      // Unstyled, the marks paint nothing here; the notes are still listed.
    }
  };

  const register = (name: string, highlight: Highlight | undefined) => {
    if (highlight && registry && registry.get(name) !== highlight) registry.set(name, highlight);
  };

  const styleFor = (range: Range) => {
    const root = range.startContainer.getRootNode();
    adopt(root instanceof ShadowRoot ? root : doc);
  };

  return {
    set(ranges) {
      if (!marks) return;
      marks.clear();
      for (const range of ranges) {
        marks.add(range);
        styleFor(range);
      }
      register(NOTE_HIGHLIGHT, marks);
    },
    focus(range) {
      if (!focused) return;
      focused.clear();
      if (range) {
        focused.add(range);
        styleFor(range);
      }
      register(NOTE_FOCUS_HIGHLIGHT, focused);
    },
    dispose() {
      for (const [name, highlight] of [
        [NOTE_HIGHLIGHT, marks],
        [NOTE_FOCUS_HIGHLIGHT, focused],
      ] as const) {
        if (highlight && registry?.get(name) === highlight) registry.delete(name);
        highlight?.clear();
      }
      for (const root of styled) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
      styled.clear();
    },
  };
}
