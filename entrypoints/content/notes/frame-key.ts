// Which page this frame's notes belong to (lib/page-key.ts), read where the frame runs.
import { frameKey } from '../../../lib/page-key';

/** The embedding page's URL, for about:blank / about:srcdoc frames (null when not readable). */
function embedderUrl(): string | null {
  if (window === window.top) return null;
  try {
    return window.parent.location.href;
  } catch {
    return null;
  }
}

/**
 * A frame made without an address whose document a script wrote: document.open() gave it its
 * writer's URL (the embedder's, so it would share the embedder's notes, and the key would change
 * when the script writes), but it is an about:blank frame.
 */
function writtenBlankFrame(embedder: string | null): boolean {
  const frame = window.frameElement;
  if (!frame || embedder !== location.href || frame.hasAttribute('srcdoc')) return false;
  const src = frame.getAttribute('src')?.trim() ?? '';
  return src === '' || src === 'about:blank';
}

export function currentKey(): string | null {
  const embedder = embedderUrl();
  return frameKey(writtenBlankFrame(embedder) ? 'about:blank' : location.href, embedder);
}
