// Search as you type, with no debounce: each keystroke asks at once, unless a search is already
// on its way; then only the newest query waits, and the ones typed past are never sent. An
// answer to a query the user has typed past is dropped, so results never jump back.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { SearchHit } from '../../lib/messages';
import { askBackground } from '../../platform/messaging';

export const SEARCH_LIMIT = 20;

export type SearchState =
  | { status: 'idle' }
  | { status: 'done'; query: string; hits: SearchHit[] }
  | { status: 'error'; query: string; message: string };

export function useSearch(query: string): SearchState {
  const [state, setState] = useState<SearchState>({ status: 'idle' });
  const latest = useRef('');
  const inFlight = useRef(false);
  const waiting = useRef<string | null>(null);

  const send = (text: string) => {
    inFlight.current = true;
    askBackground({ type: 'search', query: text, limit: SEARCH_LIMIT })
      .then(
        (hits) => text === latest.current && setState({ status: 'done', query: text, hits }),
        (error: unknown) => text === latest.current && setState({ status: 'error', query: text, message: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        inFlight.current = false;
        const next = waiting.current;
        waiting.current = null;
        if (next !== null && next === latest.current && next !== text) send(next);
      });
  };

  // The worker may just have started: it indexes the glossary while the first key is typed.
  useEffect(() => void askBackground({ type: 'prepareSearch' }).catch(() => undefined), []);
  // A layout effect runs as soon as the keystroke is rendered; a plain effect would wait for
  // the next frame to be painted before asking, a frame lost on every keystroke.
  useLayoutEffect(() => {
    const text = query.trim();
    latest.current = text;
    if (!text) {
      waiting.current = null;
      setState({ status: 'idle' });
    } else if (inFlight.current) waiting.current = text;
    else send(text);
  }, [query]);
  return state;
}
