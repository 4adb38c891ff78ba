// One note in the manager: the quoted words, the note, its tags and page; edit in place, delete
// (after a second press), open the page. Everything is rendered as text.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { NoteListing } from '../../lib/note-search';

export interface NoteRowProps {
  listing: NoteListing;
  onSave: (text: string, tags: string[]) => Promise<void>;
  onDelete: () => Promise<void>;
  onOpen: () => void;
}

function dateOf(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function parseTags(input: string): string[] {
  return [...new Set(input.split(',').map((t) => t.trim()).filter((t) => t.length > 0))];
}

export function NoteRow({ listing, onSave, onDelete, onOpen }: NoteRowProps) {
  const { annotation, text, quote, tags, site } = listing;
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = annotation.id.replace(/[^a-zA-Z0-9-]/g, '-');

  const run = async (action: () => Promise<void>) => {
    try {
      await action();
      setError(null);
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return false;
    }
  };

  return (
    <li class="note" aria-labelledby={`${id}-quote`}>
      <blockquote class="note-quote" id={`${id}-quote`}>
        {quote}
      </blockquote>
      {editing ? (
        <NoteEditor
          id={id}
          text={text}
          tags={tags}
          onCancel={() => setEditing(false)}
          onSave={async (newText, newTags) => {
            if (await run(() => onSave(newText, newTags))) setEditing(false);
          }}
        />
      ) : (
        <>
          {text ? <p class="note-text">{text}</p> : <p class="note-text empty">No note text.</p>}
          {tags.length > 0 && (
            <ul class="note-tags" aria-label="Tags">
              {tags.map((tag) => (
                <li key={tag} class="tag">
                  {tag}
                </li>
              ))}
            </ul>
          )}
          <p class="note-meta">
            <span class="note-site">{site}</span> · <span class="note-page">{annotation.target.source}</span> · <span>modified {dateOf(annotation.modified)}</span>
          </p>
          <div class="row">
            <button type="button" class="small" onClick={onOpen}>
              Open page
            </button>
            <button type="button" class="small" onClick={() => setEditing(true)}>
              Edit
            </button>
            {confirming ? (
              <>
                <button type="button" class="small danger" onClick={() => void run(onDelete)}>
                  Delete for good
                </button>
                <button type="button" class="small" onClick={() => setConfirming(false)}>
                  Keep
                </button>
              </>
            ) : (
              <button type="button" class="small" onClick={() => setConfirming(true)}>
                Delete
              </button>
            )}
          </div>
        </>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </li>
  );
}

interface NoteEditorProps {
  id: string;
  text: string;
  tags: string[];
  onSave: (text: string, tags: string[]) => Promise<void>;
  onCancel: () => void;
}

function NoteEditor({ id, text, tags, onSave, onCancel }: NoteEditorProps) {
  const [draft, setDraft] = useState(text);
  const [tagDraft, setTagDraft] = useState(tags.join(', '));
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);

  return (
    <form
      class="entry-form"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onCancel();
        }
      }}
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        void onSave(draft, parseTags(tagDraft)).finally(() => setBusy(false));
      }}
    >
      <div class="field">
        <label for={`${id}-text`}>Note</label>
        <textarea id={`${id}-text`} ref={area} rows={4} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={`${id}-tags`}>Tags (separated by commas)</label>
        <input id={`${id}-tags`} type="text" value={tagDraft} onInput={(e) => setTagDraft(e.currentTarget.value)} />
      </div>
      <div class="row">
        <button type="submit" disabled={busy}>
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
