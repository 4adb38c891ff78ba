// The notes manager: every note with its quoted words, fuzzy search across notes, quotes and
// tags, filters by site and tag; edit, delete, open the page; export and import; the passphrase
// lock. While notes are locked the unlock form stands in for all of it.
// Notes that no longer anchor on their page ("orphans") are listed like the others, with the
// words they were made on, so nothing is ever hidden.
import { useMemo, useState } from 'preact/hooks';
import './notes.css';
import { type Annotation, editAnnotation } from '../../lib/annotation';
import { findNotes, listingOf, sitesOf, tagsOf } from '../../lib/note-search';
import type { NotesLockStatus } from '../../lib/messages';
import { isNoteAddress, openableUrl } from '../../lib/page-key';
import { askBackground } from '../../platform/messaging';
import { NoteRow } from './NoteRow';
import { LockedNotes, NotesLockPanel } from './NotesLock';
import { NotesTransfer } from './NotesTransfer';
import { useLockStatus } from './use-lock-status';
import { useNotes } from './use-notes';

async function saveEdit(annotation: Annotation, text: string, tags: string[]): Promise<void> {
  await askBackground({ type: 'notes:save', annotation: editAnnotation(annotation, { text, tags }) });
}

async function remove(annotation: Annotation): Promise<void> {
  await askBackground({ type: 'notes:delete', id: annotation.id });
}

function openPage(annotation: Annotation): void {
  // Stored notes were checked on the way in; checked again, as nothing else may be opened.
  if (isNoteAddress(annotation.target.source)) void browser.tabs.create({ url: openableUrl(annotation.target.source) });
}

export function NotesView() {
  const lock = useLockStatus();
  if (lock.status === null) {
    return lock.error ? (
      <p role="alert" class="error">
        Could not read your notes: {lock.error}
      </p>
    ) : (
      <p role="status">Loading notes…</p>
    );
  }
  if (lock.status === 'locked') return <LockedNotes onUnlocked={lock.set} />;
  return <NotesManager lockStatus={lock.status} onLockChange={lock.set} />;
}

function NotesManager({ lockStatus, onLockChange }: { lockStatus: NotesLockStatus; onLockChange: (status: NotesLockStatus) => void }) {
  const { notes, error, reload } = useNotes();
  const [query, setQuery] = useState('');
  const [site, setSite] = useState('');
  const [tag, setTag] = useState('');
  const listings = useMemo(() => (notes ?? []).map(listingOf), [notes]);
  const shown = useMemo(() => findNotes(listings, { query, site, tag }), [listings, query, site, tag]);
  const sites = useMemo(() => sitesOf(listings), [listings]);
  const tags = useMemo(() => tagsOf(listings), [listings]);

  return (
    <div class="stack">
      <div>
        <h2>Notes</h2>
        <p class="help">Your private notes on web pages. They stay on this device.</p>
      </div>
      {error && (
        <p role="alert" class="error">
          Could not read your notes: {error}
        </p>
      )}
      <div class="row" role="search">
        <label for="notes-search" class="visually-hidden">
          Search notes
        </label>
        <input id="notes-search" type="search" placeholder="Search notes, quotes and tags" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        <label for="notes-site">Site</label>
        <select id="notes-site" value={site} onChange={(e) => setSite(e.currentTarget.value)}>
          <option value="">All sites</option>
          {sites.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <label for="notes-tag">Tag</label>
        <select id="notes-tag" value={tag} onChange={(e) => setTag(e.currentTarget.value)}>
          <option value="">All tags</option>
          {tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <p class="count" role="status">
        {notes === null ? 'Loading notes…' : `${shown.length} of ${listings.length} ${listings.length === 1 ? 'note' : 'notes'}`}
      </p>
      {notes !== null && listings.length === 0 && <p class="empty">No notes yet. Select text on any page and choose “Add note”.</p>}
      <ul class="notes-list" aria-label="Notes">
        {shown.map((listing) => (
          <NoteRow
            key={listing.annotation.id}
            listing={listing}
            onSave={async (text, newTags) => {
              await saveEdit(listing.annotation, text, newTags);
              reload();
            }}
            onDelete={async () => {
              await remove(listing.annotation);
              reload();
            }}
            onOpen={() => openPage(listing.annotation)}
          />
        ))}
      </ul>
      <NotesTransfer count={listings.length} />
      <NotesLockPanel status={lockStatus} noteCount={listings.length} onChange={onLockChange} />
    </div>
  );
}
