// Page identity for notes: which page a note belongs to. EHRs carry the patient in the path,
// the query or a hash route, so we strip only what is known to be safe to strip: a note must
// never show on another patient's chart because two pages share a template.
//
// Rules: key = origin + path + query + route.
// - Query parameters keep their order (some servers read them positionally) and duplicates;
//   only known tracking parameters are removed.
// - A fragment that looks like a route or state (`#/…`, `#!…`, or containing `/` or `=`) is kept,
//   with tracking parameters removed from its own query. A plain anchor (`#results`, `#L12`) is
//   dropped, as is a scroll-to-text directive (`#:~:text=…`).
// - Frames are keyed by their own URL. `about:blank` / `about:srcdoc` frames have no URL of their
//   own, so they are keyed under the page that embeds them (see frameKey).

/** Parameters that identify an ad click or an analytics session, never the content. */
const TRACKING_PARAMS = new Set(['gclid', 'gbraid', 'wbraid', 'dclid', 'fbclid', 'msclkid', 'mc_cid', 'mc_eid', '_ga', '_gl', 'igshid', 'yclid']);

export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMS.has(lower);
}

/** Removes tracking parameters from a query string ("?a=1&utm_source=x" → "?a=1"), keeping order
 *  and the original encoding of the parameters that stay. */
function stripTracking(query: string): string {
  if (query === '' || query === '?') return '';
  const kept = query
    .slice(1)
    .split('&')
    .filter((part) => {
      if (part === '') return false;
      const rawName = part.split('=', 1)[0] ?? '';
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // A malformed escape is kept as written: it cannot be a known tracker name.
      }
      return !isTrackingParam(name);
    });
  return kept.length > 0 ? `?${kept.join('&')}` : '';
}

/** The route part of a fragment, or '' when the fragment is a plain in-page anchor. */
function routeOf(hash: string): string {
  // Chrome's scroll-to-text directive (`#:~:text=…` or `#top:~:text=…`) is never part of the page.
  const fragment = hash.replace(/^#/, '').split(':~:', 1)[0] ?? '';
  const looksLikeRoute = fragment.startsWith('/') || fragment.startsWith('!') || /[/=]/.test(fragment);
  if (!looksLikeRoute) return '';
  const queryAt = fragment.indexOf('?');
  if (queryAt === -1) return `#${fragment}`;
  return `#${fragment.slice(0, queryAt)}${stripTracking(fragment.slice(queryAt))}`;
}

/**
 * The key of the page at `url`, or null for URLs that cannot carry notes (data:, blob:,
 * javascript:, browser-internal pages, unparsable input).
 */
export function pageKey(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:' && parsed.protocol !== 'file:') return null;
  // URL.origin drops user:password@ and default ports; file: URLs have an opaque origin.
  const base = parsed.protocol === 'file:' ? `file://${parsed.host}` : parsed.origin;
  return `${base}${parsed.pathname}${stripTracking(parsed.search)}${routeOf(parsed.hash)}`;
}

const EMBEDDED_PREFIX = 'about:srcdoc?embedder=';

/**
 * The key of a frame. A frame with a real URL is keyed by it; an `about:blank` or `about:srcdoc`
 * frame is keyed under its embedding page (so its notes neither mix with the embedder's own
 * notes nor with every other srcdoc frame on the web).
 */
export function frameKey(frameUrl: string, embedderUrl: string | null): string | null {
  if (frameUrl === 'about:blank' || frameUrl === 'about:srcdoc') {
    const embedder = embedderUrl ? pageKey(embedderUrl) : null;
    return embedder ? `${EMBEDDED_PREFIX}${encodeURIComponent(embedder)}` : null;
  }
  return pageKey(frameUrl);
}

/** The URL to open to see a page's notes again (an embedded frame's embedder). */
export function openableUrl(key: string): string {
  if (key.startsWith(EMBEDDED_PREFIX)) {
    try {
      return decodeURIComponent(key.slice(EMBEDDED_PREFIX.length));
    } catch {
      return key;
    }
  }
  return key;
}

/** True for an address a note can belong to: a web or file page, or a frame embedded in one.
 *  Anything else (javascript:, data:, blob:, browser pages) is refused wherever notes arrive. */
export function isNoteAddress(source: string): boolean {
  return pageKey(openableUrl(source)) !== null;
}

/** The site a page key belongs to, for grouping and filtering notes ("example.org", "file"). */
export function siteOf(key: string): string {
  try {
    const url = new URL(openableUrl(key));
    return url.protocol === 'file:' ? 'file' : url.host;
  } catch {
    return key;
  }
}
