// The personal glossary: import, list (filterable), add, edit, remove with undo, export.
import { useState } from 'preact/hooks';
import { type GlossaryData, glossaryToJson } from '../../lib/glossary-import';
import type { Entry } from '../../lib/knowledge-schema';
import { addToGlossary, removeFromGlossary, saveGlossaryEntry } from '../../platform/glossary-store';
import { GlossaryEntryForm } from './GlossaryEntryForm';
import { GlossaryImport } from './GlossaryImport';
import { useGlossary } from './use-glossary';

/** Rows rendered at once: a 10,000-entry glossary is filtered, not scrolled. */
const MAX_ROWS = 100;

export function GlossaryView() {
  const glossary = useGlossary();
  if (!glossary) return <p>Loading…</p>;
  return (
    <div class="stack">
      <h2>Personal glossary</h2>
      <p class="help">
        Your own terms, found on pages and in the popup's search like the built-in ones, and marked “Yours”. They are stored only in this browser.
      </p>
      <GlossaryImport glossary={glossary} />
      <GlossaryEntries glossary={glossary} />
    </div>
  );
}

type Notice = { text: string; undo?: () => void } | { error: string };

function GlossaryEntries({ glossary }: { glossary: GlossaryData }) {
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const { entries } = glossary;
  const needle = filter.trim().toLowerCase();
  const shown = needle ? entries.filter((e) => [e.term, ...e.aliases, e.summary].some((t) => t.toLowerCase().includes(needle))) : entries;
  const takenIds = new Set(entries.map((e) => e.id));

  const fail = (error: unknown) => setNotice({ error: error instanceof Error ? error.message : String(error) });
  const remove = (entry: Entry) => {
    // The documents it cites are kept for undo: the store drops those no entry cites any more.
    const cited = new Set([...entry.sources, ...entry.facts.flatMap((f) => f.sources)].map((r) => r.doc));
    const sources = Object.fromEntries(Object.entries(glossary.sources).filter(([id]) => cited.has(id)));
    removeFromGlossary([entry.id]).then(
      () => setNotice({ text: `Removed “${entry.term}”.`, undo: () => void addToGlossary({ entries: [entry], sources }).then(() => setNotice(null), fail) }),
      fail,
    );
  };
  const save = async (entry: Entry) => {
    await saveGlossaryEntry(entry);
    setEditing(null);
    setNotice({ text: `Saved “${entry.term}”.` });
  };

  return (
    <section class="stack" aria-labelledby="entries-title">
      <h3 id="entries-title">
        Your entries <span class="count">({entries.length.toLocaleString('en-US')})</span>
      </h3>
      <div class="row">
        <button type="button" onClick={() => setEditing('new')} disabled={editing === 'new'}>
          Add an entry
        </button>
        <button type="button" onClick={() => exportGlossary(glossary)} disabled={entries.length === 0}>
          Export (JSON)
        </button>
      </div>
      {editing === 'new' && <GlossaryEntryForm takenIds={takenIds} onSave={save} onCancel={() => setEditing(null)} />}
      <div role="status" class="notice">
        {notice && 'text' in notice && (
          <>
            {notice.text}{' '}
            {notice.undo && (
              <button type="button" class="small" onClick={notice.undo}>
                Undo
              </button>
            )}
          </>
        )}
      </div>
      {notice && 'error' in notice && (
        <p class="error" role="alert">
          {notice.error}
        </p>
      )}
      {entries.length === 0 ? (
        <p class="empty">No entries yet: import a file or add one.</p>
      ) : (
        <>
          <div class="row">
            <label for="glossary-filter">Filter</label>
            <input id="glossary-filter" type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} aria-controls="glossary-list" />
          </div>
          {shown.length > MAX_ROWS && (
            <p class="help">
              Showing {MAX_ROWS} of {shown.length.toLocaleString('en-US')}; type in the filter to find the others.
            </p>
          )}
          {needle && shown.length === 0 && <p class="empty">No entry matches “{filter.trim()}”.</p>}
          <ul class="glossary-list" id="glossary-list" aria-labelledby="entries-title">
            {shown.slice(0, MAX_ROWS).map((entry) => (
              <li key={entry.id} class="glossary-entry">
                {editing === entry.id ? (
                  <GlossaryEntryForm entry={entry} takenIds={takenIds} onSave={save} onCancel={() => setEditing(null)} />
                ) : (
                  <EntryRow entry={entry} onEdit={() => setEditing(entry.id)} onRemove={() => remove(entry)} />
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function EntryRow({ entry, onEdit, onRemove }: { entry: Entry; onEdit: () => void; onRemove: () => void }) {
  return (
    <article class="entry-row" aria-label={entry.term}>
      <div class="entry-head">
        <strong class="entry-term">{entry.term}</strong>
        <span class="tag">{entry.category}</span>
      </div>
      {entry.aliases.length > 0 && <p class="entry-aliases">{entry.aliases.join(' · ')}</p>}
      <p class="entry-summary">{entry.summary}</p>
      <div class="row">
        <button type="button" class="small" aria-label={`Edit “${entry.term}”`} onClick={onEdit}>
          Edit
        </button>
        <button type="button" class="small" aria-label={`Remove “${entry.term}”`} onClick={onRemove}>
          Remove
        </button>
      </div>
    </article>
  );
}

/** A download made in the page from a Blob URL: nothing goes over the network. */
function exportGlossary(glossary: GlossaryData) {
  const url = URL.createObjectURL(new Blob([glossaryToJson(glossary)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `clinical-lens-glossary-${new Date().toISOString().slice(0, 10)}.json`;
  link.click();
  // Revoked a little later: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
