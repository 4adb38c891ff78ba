// The terms marked in a tab, from every frame (protocol in lib/messages.ts, PAGE_TERMS_PORT).
// The popup opens one port to the tab; each frame's content script posts one report with its
// counts and the number of frames directly inside it. The popup is done when the top frame and
// every frame counted so far have reported; it then closes the port. (In Chrome a receiving frame
// that disconnects closes the port for all, so frames leave that to the popup.)
import * as v from 'valibot';
import { PAGE_TERMS_PORT, type PageTermsReport, PageTermsReportSchema } from '../lib/messages';

export type TermCount = PageTermsReport['terms'][number];

/** Content script side: answers every port the popup opens to this tab; returns the unlisten. */
export function answerPageTermsRequests(terms: () => TermCount[]): () => void {
  const listener = (port: Browser.runtime.Port) => {
    if (port.name !== PAGE_TERMS_PORT) return;
    const report: PageTermsReport = { terms: terms(), top: window === window.top, frames: window.frames.length };
    port.postMessage(report);
  };
  browser.runtime.onConnect.addListener(listener);
  return () => browser.runtime.onConnect.removeListener(listener);
}

/** Adds up frames' reports: counts per entry id, most frequent first (ties by id). */
export function sumReports(reports: readonly PageTermsReport[]): TermCount[] {
  const totals = new Map<string, number>();
  for (const { terms } of reports) for (const { id, count } of terms) totals.set(id, (totals.get(id) ?? 0) + count);
  return [...totals].map(([id, count]) => ({ id, count })).sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
}

/** Whether the reports cover every frame: the top frame's, and one for each frame counted in them. */
export function everyFrameReported(reports: readonly PageTermsReport[]): boolean {
  return reports.some((r) => r.top) && reports.length === 1 + reports.reduce((sum, r) => sum + r.frames, 0);
}

/**
 * Popup side: the terms of every frame of the tab, or null when no frame has our content script
 * (browser pages, tabs opened before the extension was installed). Frames that never answer
 * (pages Clinical Lens cannot run in, such as another extension's frame) are given up on after
 * `patienceMs`, and what the others said is used.
 */
export function collectPageTerms(tabId: number, patienceMs = 1_500): Promise<TermCount[] | null> {
  return new Promise((resolve) => {
    const reports: PageTermsReport[] = [];
    let port: Browser.runtime.Port;
    try {
      port = browser.tabs.connect(tabId, { name: PAGE_TERMS_PORT });
    } catch {
      resolve(null);
      return;
    }
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      port.disconnect();
      resolve(reports.length ? sumReports(reports) : null);
    };
    const timer = setTimeout(finish, patienceMs);
    port.onMessage.addListener((message: unknown) => {
      const report = v.safeParse(PageTermsReportSchema, message);
      if (!report.success) return;
      reports.push(report.output);
      if (everyFrameReported(reports)) finish();
    });
    port.onDisconnect.addListener(() => {
      // Read, so Chrome does not log "Could not establish connection" for a tab without us.
      void browser.runtime.lastError;
      finish();
    });
  });
}
