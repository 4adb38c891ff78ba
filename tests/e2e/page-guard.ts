// Watches a page for what Clinical Lens must never cause: changes to the page's own DOM (beyond
// our one UI host), messages posted into the page, and errors in its console.
//
// Changes: an init script, in every frame where scripts may run, observes the document and
// every shadow root the page attaches (open or closed) from DOMContentLoaded on, after the
// parser's own insertions and before our content script starts (document_idle). Pages that change
// themselves run those changes through `__pageGuard.own(fn)`, which sets them apart. It also
// notes every message posted to the window from the window itself, which the test pages never
// do: page scripts would receive such a message as their own.
//
// Errors: uncaught exceptions, console errors and browser log errors of every execution context
// of the page's process, our content scripts' isolated worlds included (Playwright's own events
// report the page's main world only).
import type { BrowserContext, CDPSession, Frame, Page } from '@playwright/test';

/** Tag-name prefix of our UI hosts (entrypoints/content/text-model.ts UI_TAG_PREFIX). */
const OUR_PREFIX = 'clinical-lens';

export interface GuardApi {
  /** True once the guard observes (from DOMContentLoaded on). */
  started(): boolean;
  /** Runs a change of the page's own, whose mutations are not counted. */
  own<T>(change: () => T): T;
  /** DOM mutations not ours and not the page's own, and self-posted messages, as text. */
  changes(): string[];
  /** Closed shadow roots the page attached (the test may look inside; scripts of ours cannot). */
  closedRoots: ShadowRoot[];
}

declare global {
  interface Window {
    __pageGuard?: GuardApi;
  }
}

export async function installPageGuard(context: BrowserContext): Promise<void> {
  await context.addInitScript(
    ({ prefix }) => {
      if (window.__pageGuard) return;
      const log: string[] = [];
      const ours = (node: Node | null): boolean => {
        for (let n = node; n; n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null)) {
          if (n.nodeType === Node.ELEMENT_NODE && (n as Element).localName.startsWith(prefix)) return true;
        }
        return false;
      };
      const record = (records: MutationRecord[]) => {
        for (const r of records) {
          const touched = [...r.addedNodes, ...r.removedNodes];
          if (ours(r.target) || (touched.length !== 0 && touched.every(ours))) continue;
          const detail = r.type === 'attributes' ? ` [${r.attributeName}]` : r.type === 'childList' ? ` +${r.addedNodes.length} -${r.removedNodes.length} (${touched.map((n) => n.nodeName).join(' ')})` : '';
          log.push(`${r.type} on ${r.target.nodeName}${detail}`);
        }
      };
      const observer = new MutationObserver(record);
      const options: MutationObserverInit = { subtree: true, childList: true, characterData: true, attributes: true };
      let started = false;
      const shadowRoots: ShadowRoot[] = [];
      const closedRoots: ShadowRoot[] = [];
      const attachShadow = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
        const root = attachShadow.call(this, init);
        shadowRoots.push(root);
        if (init.mode === 'closed') closedRoots.push(root);
        if (started) observer.observe(root, options);
        return root;
      };
      const start = () => {
        if (started) return;
        started = true;
        observer.observe(document, options);
        for (const root of shadowRoots) observer.observe(root, options);
      };
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
      else start();
      window.addEventListener(
        'message',
        (event) => {
          if (event.source === window) log.push(`message posted to the page: ${JSON.stringify(event.data)?.slice(0, 160)}`);
        },
        true,
      );
      // A frame whose document a script rewrites (open, write, close) is parsed anew: like any
      // parse, that is the page's own doing, and observing resumes when it ends.
      const open = Document.prototype.open as (this: Document, ...args: unknown[]) => Document;
      Document.prototype.open = function (this: Document, ...args: unknown[]) {
        if (this === document) {
          record(observer.takeRecords());
          observer.disconnect();
          started = false;
          document.addEventListener('DOMContentLoaded', start, { once: true });
        }
        return open.apply(this, args);
      } as typeof Document.prototype.open;
      window.__pageGuard = {
        started: () => started,
        own(change) {
          record(observer.takeRecords());
          try {
            return change();
          } finally {
            observer.takeRecords();
          }
        },
        changes() {
          record(observer.takeRecords());
          return [...log];
        },
        closedRoots,
      };
    },
    { prefix: OUR_PREFIX },
  );
}

/**
 * Changes of the frame's DOM that are neither ours nor the page's own, and messages posted into
 * it, or null when the guard could not run there (a sandboxed frame without allow-scripts runs
 * no page script at all).
 */
export async function foreignChanges(frame: Frame): Promise<string[] | null> {
  return frame.evaluate(() => (window.__pageGuard?.started() ? window.__pageGuard.changes() : null)).catch(() => null);
}

/**
 * The frame's DOM as text, our UI hosts left out, open shadow roots included: compared before
 * and after, it covers frames where the guard cannot run.
 */
export async function domFingerprint(frame: Frame): Promise<string> {
  return frame.evaluate((prefix) => {
    const out: string[] = [];
    const visit = (node: Node) => {
      if (node.nodeType === Node.ELEMENT_NODE) {
        const el = node as Element;
        if (el.localName.startsWith(prefix)) return;
        out.push(`<${el.localName}${[...el.attributes].map((a) => ` ${a.name}="${a.value}"`).join('')}>`);
        if (el.shadowRoot) {
          out.push('#shadow(');
          el.shadowRoot.childNodes.forEach(visit);
          out.push(')');
        }
      } else if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.COMMENT_NODE) out.push(JSON.stringify((node as CharacterData).data));
      node.childNodes.forEach(visit);
      if (node.nodeType === Node.ELEMENT_NODE) out.push('>');
    };
    visit(document);
    return out.join('');
  }, OUR_PREFIX);
}

export interface ErrorLog {
  /** Everything reported so far, one line each. */
  readonly errors: string[];
  stop(): Promise<void>;
}

/** Collects every error the page's process reports, from any frame or world in it. */
export async function collectErrors(page: Page): Promise<ErrorLog> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  const session: CDPSession = await page.context().newCDPSession(page);
  session.on('Runtime.exceptionThrown', ({ exceptionDetails }) => {
    errors.push(`exception: ${exceptionDetails.exception?.description ?? exceptionDetails.text} (${exceptionDetails.url ?? ''})`);
  });
  session.on('Runtime.consoleAPICalled', ({ type, args, executionContextId }) => {
    if (type === 'error' || type === 'assert') errors.push(`console.${type} in context ${executionContextId}: ${args.map((a) => a.description ?? String(a.value)).join(' ')}`);
  });
  session.on('Log.entryAdded', ({ entry }) => {
    if (entry.level === 'error') errors.push(`log (${entry.source}): ${entry.text} ${entry.url ?? ''}`);
  });
  await session.send('Runtime.enable');
  await session.send('Log.enable');
  return {
    errors,
    stop: () => session.detach().catch(() => undefined),
  };
}
