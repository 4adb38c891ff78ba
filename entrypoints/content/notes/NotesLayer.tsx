// The in-page notes UI, inside our shadow root: the "Add note" button beside a selection, the
// note editor, and the card of an existing note (edit, delete). Display only: the controller
// (index.ts) decides what is shown and does the saving. Everything is rendered as text.
import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface Point {
  x: number;
  y: number;
}

export interface CardNote {
  text: string;
  tags: string[];
  quote: string;
}

export type Layer =
  | { kind: 'none' }
  | { kind: 'button'; at: Point }
  | { kind: 'editor'; at: Point; quote: string; text: string; tags: string[]; error?: string }
  | { kind: 'card'; at: Point; note: CardNote; error?: string };

export interface LayerActions {
  add(): void;
  save(text: string, tags: string[]): Promise<void>;
  edit(): void;
  remove(): Promise<void>;
  close(): void;
}

const MARGIN = 8;

/**
 * Places a panel at `at` (viewport px), then, once its size is known, moves it up and left as
 * far as needed to keep it whole in the viewport.
 */
function usePlacement<T extends HTMLElement>(at: Point): { ref: RefObject<T>; style: { left: string; top: string } } {
  const ref = useRef<T>(null);
  const [shift, setShift] = useState({ x: 0, y: 0 });
  useLayoutEffect(() => {
    const box = ref.current?.getBoundingClientRect();
    if (!box) return;
    const x = Math.min(0, innerWidth - MARGIN - (at.x + box.width));
    const y = Math.min(0, innerHeight - MARGIN - (at.y + box.height));
    setShift({ x: Math.max(x, MARGIN - at.x), y: Math.max(y, MARGIN - at.y) });
  }, [at.x, at.y]);
  return { ref, style: { left: `${at.x + shift.x}px`, top: `${at.y + shift.y}px` } };
}

function tagsFrom(input: string): string[] {
  return [...new Set(input.split(',').map((t) => t.trim()).filter((t) => t.length > 0))];
}

export function NotesLayer({ layer, actions }: { layer: Layer; actions: LayerActions }) {
  if (layer.kind === 'none') return null;
  if (layer.kind === 'button') {
    return <AddButton at={layer.at} onAdd={actions.add} />;
  }
  if (layer.kind === 'editor') return <Editor layer={layer} actions={actions} />;
  return <Card layer={layer} actions={actions} />;
}

function AddButton({ at, onAdd }: { at: Point; onAdd: () => void }) {
  const { ref, style } = usePlacement<HTMLButtonElement>(at);
  return (
    <button
      type="button"
      ref={ref}
      class="cl-note-add"
      style={style}
      aria-keyshortcuts="Alt+Shift+N"
      title="Add a private note to the selected words (Alt+Shift+N)"
      // Keeps the page's selection: a press would otherwise collapse it before the click.
      onPointerDown={(e) => e.preventDefault()}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onAdd}
    >
      Add note
    </button>
  );
}

function Editor({ layer, actions }: { layer: Extract<Layer, { kind: 'editor' }>; actions: LayerActions }) {
  const [text, setText] = useState(layer.text);
  const [tags, setTags] = useState(layer.tags.join(', '));
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const { ref, style } = usePlacement<HTMLFormElement>(layer.at);
  useEffect(() => area.current?.focus({ preventScroll: true }), []);
  // Saved by the button and by Enter in the tags field, never by submitting the form: a frame
  // sandboxed without allow-forms blocks a submission before any submit event fires.
  const save = () => {
    setBusy(true);
    void actions.save(text, tagsFrom(tags)).finally(() => setBusy(false));
  };

  return (
    <form
      ref={ref}
      class="cl-note-panel"
      role="dialog"
      aria-label="Note"
      style={style}
      onKeyDown={escapeCloses(actions.close)}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <blockquote class="cl-note-quote">{layer.quote}</blockquote>
      <label class="cl-note-field">
        <span>Note</span>
        <textarea ref={area} rows={4} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <label class="cl-note-field">
        <span>Tags (separated by commas)</span>
        <input
          type="text"
          value={tags}
          onInput={(e) => setTags(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter' || e.isComposing) return;
            e.preventDefault();
            save();
          }}
        />
      </label>
      {layer.error && (
        <p role="alert" class="cl-note-error">
          {layer.error}
        </p>
      )}
      <div class="cl-note-buttons">
        <button type="button" class="cl-note-primary" disabled={busy} onClick={save}>
          Save
        </button>
        <button type="button" onClick={actions.close}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Escape closes the editor or the card, whichever has focus. */
function escapeCloses(close: () => void) {
  return (e: { key: string; preventDefault(): void }) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    close();
  };
}

function Card({ layer, actions }: { layer: Extract<Layer, { kind: 'card' }>; actions: LayerActions }) {
  const [confirming, setConfirming] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  const { ref, style } = usePlacement<HTMLElement>(layer.at);
  useEffect(() => first.current?.focus({ preventScroll: true }), []);
  const { note } = layer;
  return (
    <section
      ref={ref}
      class="cl-note-panel"
      role="dialog"
      aria-label="Note"
      style={style}
      onKeyDown={escapeCloses(actions.close)}
    >
      <blockquote class="cl-note-quote">{note.quote}</blockquote>
      {note.text ? <p class="cl-note-text">{note.text}</p> : <p class="cl-note-text cl-note-muted">No note text.</p>}
      {note.tags.length > 0 && (
        <ul class="cl-note-tags" aria-label="Tags">
          {note.tags.map((tag) => (
            <li key={tag}>{tag}</li>
          ))}
        </ul>
      )}
      {layer.error && (
        <p role="alert" class="cl-note-error">
          {layer.error}
        </p>
      )}
      <div class="cl-note-buttons">
        <button type="button" ref={first} onClick={actions.edit}>
          Edit
        </button>
        {confirming ? (
          <button type="button" class="cl-note-danger" onClick={() => void actions.remove()}>
            Delete for good
          </button>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
        <button type="button" onClick={actions.close}>
          Close
        </button>
      </div>
    </section>
  );
}
