// The popup's "Notes on this page": each note's text and the words it is on. Choosing one
// scrolls the page to it and opens its card there; an orphan (its words are gone from the page)
// is listed with its quote but cannot be chosen. Note text is rendered as text, never as markup.
import { useState } from 'preact/hooks';
import type { NoteOnPage } from '../../lib/messages';
import { askTab } from '../../platform/messaging';
import type { PageNotes } from './use-page-notes';

export interface PageNotesProps {
  tabId: number;
  notes: PageNotes;
}

/** Closes the popup after a note is shown, so the card in the page is not hidden under it (only
 * when this page is the toolbar popup, not a tab or window). */
function closeIfPopup(): void {
  if (browser.extension.getViews({ type: 'popup' }).includes(window)) window.close();
}

export function PageNotesList({ tabId, notes }: PageNotesProps) {
  const [error, setError] = useState('');
  if (notes.status === 'loading' || notes.status === 'unavailable') return null;
  if (notes.status === 'locked') {
    return (
      <section class="page-notes" aria-labelledby="page-notes-heading">
        <h2 id="page-notes-heading" class="cl-hits-heading">
          Notes on this page
        </h2>
        <p class="note">Notes are locked. Unlock them in Settings to see this page’s notes.</p>
      </section>
    );
  }
  if (notes.notes.length === 0) return null;

  const show = async (note: NoteOnPage) => {
    setError('');
    try {
      if (await askTab(tabId, { type: 'showNote', id: note.id })) closeIfPopup();
      else setError('That note is no longer on this page.');
    } catch (cause) {
      setError(`Could not show the note: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  };

  return (
    <section class="page-notes" aria-labelledby="page-notes-heading">
      <h2 id="page-notes-heading" class="cl-hits-heading">
        Notes on this page
      </h2>
      <ul class="page-notes-list">
        {notes.notes.map((note) => (
          <li key={note.id}>
            {note.orphan ? (
              <div class="page-note page-note-orphan">
                <NoteLines note={note} />
              </div>
            ) : (
              <button type="button" class="page-note" onClick={() => void show(note)}>
                <NoteLines note={note} />
              </button>
            )}
          </li>
        ))}
      </ul>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function NoteLines({ note }: { note: NoteOnPage }) {
  return (
    <>
      <span class="page-note-text">{note.text || '(no text)'}</span>
      <span class="page-note-quote">“{note.quote}”</span>
      {note.orphan && <span class="page-note-orphan-label">Not found on this page</span>}
    </>
  );
}
