// What this frame should do, from the user's settings and personal glossary, followed live in
// every open tab: whether Clinical Lens is on for the frame's site, the alias table to detect
// with (built-in entries plus the glossary), the categories marked, the highlight style and
// the hover options. Cheap on every page: one storage read for the settings before anything is
// scanned; the glossary's alias table, compiled when the glossary was written, is read only
// where Clinical Lens is on; changes arrive with their values, so following them reads nothing.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { AliasTable } from '../../lib/alias-table';
import { isEnabledForUrl } from '../../lib/site-rules';
import { readGlossaryTable, watchGlossaryTable } from '../../platform/glossary-table';
import type { Settings } from '../../lib/settings';
import { readSettings, watchSettings } from '../../platform/settings-reader';

export interface PageConfig {
  /** On for this frame's site. */
  enabled: boolean;
  settings: Settings;
  /** Built-in aliases with the personal glossary's merged in; a new object only when the
   * glossary changed. */
  table: AliasTable;
}

/** The URL whose site decides whether a frame is on. about:blank and srcdoc frames have no site
 * of their own: they belong to the page that made them, whose origin they inherit. */
export function frameSiteUrl(loc: Pick<Location, 'origin' | 'href'> = location): string {
  return loc.origin !== 'null' ? loc.origin : loc.href;
}

export function followPageConfig(ctx: ContentScriptContext, base: AliasTable, apply: (config: PageConfig) => void, site = frameSiteUrl()): void {
  let settings: Settings | null = null;
  /** The merged table, or null when the glossary has not been read (or changed while off). */
  let table: AliasTable | null = null;
  // Steps run one at a time, in the order the changes happened.
  let queue = Promise.resolve();
  const then = (step: () => Promise<void> | void) => {
    queue = queue.then(step).catch(() => {
      // Storage is unreachable only when the extension was reloaded or removed: ctx is invalid
      // and there is nothing left to apply.
    });
  };

  const emit = async () => {
    if (!settings || ctx.isInvalid) return;
    const enabled = isEnabledForUrl(settings.sites, site);
    if (enabled && table === null) table = await readGlossaryTable(base);
    if (ctx.isInvalid) return;
    apply({ enabled, settings, table: table ?? base });
  };

  const unwatchSettings = watchSettings((next) =>
    then(() => {
      settings = next;
      return emit();
    }),
  );
  const unwatchGlossary = watchGlossaryTable(base, (read) =>
    then(() => {
      // Off here: forget it, and read it when this frame is switched on.
      table = settings && isEnabledForUrl(settings.sites, site) ? read() : null;
      return emit();
    }),
  );
  ctx.onInvalidated(() => {
    // After an update or reload the extension's APIs throw ("Extension context invalidated")
    // and the listeners are gone with the context: nothing is left to remove, and a page's
    // console must not hear about it.
    for (const unwatch of [unwatchSettings, unwatchGlossary]) {
      try {
        unwatch();
      } catch {
        // See above.
      }
    }
  });
  then(async () => {
    settings ??= await readSettings();
    await emit();
  });
}
