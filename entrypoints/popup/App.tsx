// The toolbar popup: a search field (ARIA combobox) with results as you type; with an empty
// field, the terms found on the current tab and recent look-ups; Enter opens an entry in the
// hover card; the page's own notes (choosing one shows it on the page); the site switch at the bottom.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { HitList, type HitGroup, optionId } from '../../components/HitList';
import type { SearchHit } from '../../lib/messages';
import { isEnabledForUrl } from '../../lib/site-rules';
import { askBackground } from '../../platform/messaging';
import { clearRecentLookups, rememberLookup } from '../../platform/recent-lookups';
import { useSettings } from '../../platform/use-settings';
import { EntryPane, type EntryPaneProps } from './EntryPane';
import { PageNotesList } from './PageNotes';
import { SiteSwitch } from './SiteSwitch';
import { useActiveTab } from './use-active-tab';
import { usePageNotes } from './use-page-notes';
import { type PageTerms, usePageTerms } from './use-page-terms';
import { useRecent } from './use-recent';
import { useSearch } from './use-search';

const LIST_ID = 'results';

/** Text to search at once: "look up selection" opens this page in its own window with it when
 * the tab has no content script to show the card (entrypoints/background/selection-lookup.ts).
 * Such a window is about that text, not about a tab. */
const lookupText = new URLSearchParams(location.search).get('q');

export function App() {
  const tab = useActiveTab();
  const settings = useSettings();
  const [query, setQuery] = useState(lookupText ?? '');
  const search = useSearch(query);
  const [activeIndex, setActiveIndex] = useState(-1);
  /** Entries opened, in order: related links push, Esc pops back to the list. */
  const [trail, setTrail] = useState<string[]>([]);
  const [entry, setEntry] = useState<EntryPaneProps['view']>('loading');
  /** Enter pressed before the answer to the current query arrived: open its first hit then. */
  const [enterPending, setEnterPending] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const activeTab = tab === 'loading' ? null : tab;
  const enabledHere = !settings || !activeTab?.url || isEnabledForUrl(settings.sites, activeTab.url);
  const askedTerms = usePageTerms(activeTab?.id ?? null, enabledHere);
  const pageTerms: PageTerms = tab === 'loading' ? { status: 'loading' } : askedTerms;
  // Notes show wherever the page has them, site switch or not: they are the user's own data.
  const pageNotes = usePageNotes(tab === 'loading' ? null : (activeTab?.id ?? null));
  const recent = useRecent();

  const typing = query.trim() !== '';
  const groups: HitGroup[] = typing ? (search.status === 'done' ? [{ hits: search.hits }] : []) : idleGroups(pageTerms, recent);
  const options = groups.flatMap((g) => g.hits);
  const answered = search.status !== 'idle' && search.query === query.trim();
  const listKey = `${query}\u0000${options.map((h) => h.id).join(',')}`;
  const opened = trail[trail.length - 1];

  // Before paint, so a new list never shows (or takes a key press with) the old selection.
  useLayoutEffect(() => setActiveIndex(options.length ? 0 : -1), [listKey]);
  useEffect(() => {
    if (activeIndex >= 0) document.getElementById(optionId(LIST_ID, activeIndex))?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex]);
  useEffect(() => {
    if (opened === undefined) {
      input.current?.focus();
      return undefined;
    }
    let live = true;
    setEntry('loading');
    askBackground({ type: 'getEntry', id: opened }).then(
      (view) => live && setEntry(view),
      (error: unknown) => live && setEntry({ error: `Could not load the entry: ${error instanceof Error ? error.message : String(error)}` }),
    );
    return () => {
      live = false;
    };
  }, [opened]);

  const open = (hit: SearchHit) => {
    setTrail((t) => [...t, hit.id]);
    void rememberLookup(hit.id);
  };
  useEffect(() => {
    if (!enterPending || !answered) return;
    setEnterPending(false);
    if (options[0]) open(options[0]);
  }, [enterPending, answered]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!options.length) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActiveIndex((i) => Math.min(options.length - 1, Math.max(0, i + step)));
    } else if (event.key === 'Enter') {
      if (typing && !answered) {
        event.preventDefault();
        setEnterPending(true);
        return;
      }
      const hit = options[activeIndex] ?? options[0];
      if (!hit) return;
      event.preventDefault();
      open(hit);
    } else if (event.key === 'Escape' && query) {
      // With an empty field Esc is left to the browser, which closes the popup.
      event.preventDefault();
      setQuery('');
    }
  };

  return (
    <div class="popup">
      {opened === undefined ? (
        <>
          <div class="search" role="search">
            <label for="query" class="visually-hidden">
              Look up a term
            </label>
            <input
              id="query"
              ref={input}
              type="text"
              role="combobox"
              aria-autocomplete="list"
              aria-expanded={options.length > 0}
              aria-controls={LIST_ID}
              aria-activedescendant={activeIndex >= 0 && options.length ? optionId(LIST_ID, activeIndex) : undefined}
              aria-describedby="search-status"
              autoComplete="off"
              autoCapitalize="off"
              spellcheck={false}
              enterKeyHint="search"
              placeholder="Look up a term: TACE, Lipiodol, 明胶海绵…"
              value={query}
              autoFocus
              onInput={(event) => {
                setEnterPending(false);
                setQuery(event.currentTarget.value);
              }}
              onKeyDown={onKeyDown}
            />
          </div>
          <div class="results">
            <HitList
              id={LIST_ID}
              label={typing ? 'Matching entries' : 'Terms on this page and recent look-ups'}
              groups={groups}
              activeIndex={activeIndex}
              onChoose={open}
              onActivate={setActiveIndex}
              busy={typing && !answered}
            />
            {!typing && activeTab && lookupText === null && <PageNotesList tabId={activeTab.id} notes={pageNotes} />}
            {!typing && <IdleNotes pageTerms={pageTerms} enabledHere={enabledHere} hasRecent={recent.length > 0} />}
          </div>
          <p id="search-status" class="status" role="status">
            {statusText(typing, search)}
          </p>
        </>
      ) : (
        <EntryPane view={entry} onBack={() => setTrail((t) => t.slice(0, -1))} onRelated={(id) => setTrail((t) => [...t, id])} />
      )}
      <footer class="footer">
        {settings && tab !== 'loading' && lookupText === null && <SiteSwitch url={activeTab?.url} settings={settings} />}
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          Settings and glossary
        </button>
      </footer>
    </div>
  );
}

function idleGroups(pageTerms: PageTerms, recent: SearchHit[]): HitGroup[] {
  const groups: HitGroup[] = [];
  if (pageTerms.status === 'found' && pageTerms.hits.length) {
    const notes = Object.fromEntries(Object.entries(pageTerms.counts).map(([id, n]) => [id, `${n}× on this page`]));
    groups.push({ label: 'On this page', hits: pageTerms.hits, notes });
  }
  if (recent.length) groups.push({ label: 'Recent', hits: recent });
  return groups;
}

function IdleNotes({ pageTerms, enabledHere, hasRecent }: { pageTerms: PageTerms; enabledHere: boolean; hasRecent: boolean }) {
  const pageNote = !enabledHere
    ? 'Clinical Lens is off on this site.'
    : pageTerms.status === 'unavailable'
      ? 'Terms on this page cannot be listed (Clinical Lens cannot read browser pages, and tabs opened before it was installed need a reload).'
      : pageTerms.status === 'found' && pageTerms.hits.length === 0
        ? 'No known terms on this page.'
        : null;
  return (
    <div class="idle">
      {pageNote && <p class="note">{pageNote}</p>}
      {hasRecent && (
        <button type="button" class="link" onClick={() => void clearRecentLookups()}>
          Clear recent look-ups
        </button>
      )}
    </div>
  );
}

function statusText(typing: boolean, search: ReturnType<typeof useSearch>): string {
  if (!typing || search.status === 'idle') return '';
  if (search.status === 'error') return `Search failed: ${search.message}`;
  const n = search.hits.length;
  return n === 0 ? `No entry matches “${search.query}”.` : `${n} ${n === 1 ? 'entry' : 'entries'}`;
}
