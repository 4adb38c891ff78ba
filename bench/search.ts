// Per-keystroke search in the real popup: a personal glossary of N synthetic entries is stored
// as the options page would store it, the popup is opened, and queries are typed key by key.
// Each keystroke is timed from its input event to the end of the frame that paints the answer
// to that query. The same code path measured in Node (bench/search.bench.ts) gives the share
// of that time spent searching.
import type { BenchBrowser } from './browser';
import { setExtensionStorage } from './browser';
import { percentile } from './stats';
import { storedGlossary } from './dictionary';
import { syntheticGlossary } from './synthetic-glossary';

export interface KeystrokeStats {
  p50: number;
  p95: number;
  keystrokes: number;
  /** Keystrokes typed past while an answer was on its way (the popup never asks for them). */
  skipped: number;
}

/**
 * Runs first in the popup page: wraps the runtime's sendMessage to time each search answer to
 * the end of the frame that paints it, and records each input event's time and value.
 */
function instrumentPopup(): void {
  type Answer = { query: string; painted: number };
  const w = window as unknown as { __benchAnswers: Answer[]; __benchInputs: { value: string; t: number }[]; chrome?: typeof chrome; browser?: typeof chrome };
  w.__benchAnswers = [];
  w.__benchInputs = [];
  for (const runtime of new Set([w.chrome?.runtime, w.browser?.runtime])) {
    if (!runtime) continue;
    const send = runtime.sendMessage.bind(runtime) as (...args: unknown[]) => Promise<unknown>;
    (runtime as unknown as { sendMessage: (...args: unknown[]) => Promise<unknown> }).sendMessage = (...args: unknown[]) => {
      const message = args[0] as { type?: string; query?: string } | undefined;
      const answer = send(...args);
      if (message?.type === 'search' && typeof message.query === 'string') {
        const query = message.query;
        void answer.then(() =>
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => w.__benchAnswers.push({ query, painted: performance.now() });
            channel.port2.postMessage(null);
          }),
        );
      }
      return answer;
    };
  }
  addEventListener('input', (event) => w.__benchInputs.push({ value: (event.target as HTMLInputElement).value.trim(), t: event.timeStamp }), { capture: true });
}

export async function popupSearch(browser: BenchBrowser, entries: number, queries: readonly string[], { keyDelayMs = 120 } = {}): Promise<KeystrokeStats> {
  await setExtensionStorage(browser, storedGlossary(syntheticGlossary(entries)));
  const page = await browser.context.newPage();
  try {
    await page.addInitScript(instrumentPopup);
    await page.goto(`${browser.extensionOrigin}popup.html`);
    const field = page.getByRole('combobox');
    await field.waitFor();
    // Warm-up: the worker indexes the new glossary on its first search.
    await field.pressSequentially('warm up', { delay: keyDelayMs });
    await page.waitForFunction(() => (window as unknown as { __benchAnswers: { query: string }[] }).__benchAnswers.some((a) => a.query === 'warm up'), undefined, { timeout: 60_000 });
    await field.fill('');
    await page.evaluate(() => {
      const w = window as unknown as { __benchAnswers: unknown[]; __benchInputs: unknown[] };
      w.__benchAnswers = [];
      w.__benchInputs = [];
    });
    for (const query of queries) {
      await field.pressSequentially(query, { delay: keyDelayMs });
      await page.waitForTimeout(500);
      await field.fill('');
      await page.waitForTimeout(100);
    }
    const { answers, inputs } = await page.evaluate(() => {
      const w = window as unknown as { __benchAnswers: { query: string; painted: number }[]; __benchInputs: { value: string; t: number }[] };
      return { answers: w.__benchAnswers, inputs: w.__benchInputs };
    });
    const latencies: number[] = [];
    let skipped = 0;
    for (const [i, input] of inputs.entries()) {
      if (input.value === '') continue;
      const sameAgain = inputs.slice(i + 1).find((later) => later.value === input.value)?.t ?? Infinity;
      const answer = answers.find((a) => a.query === input.value && a.painted >= input.t && a.painted < sameAgain);
      // While an answer is on its way the popup sends only the newest query: a keystroke typed
      // past in the meantime gets no answer of its own.
      if (answer) latencies.push(answer.painted - input.t);
      else skipped++;
    }
    return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), keystrokes: latencies.length, skipped };
  } finally {
    await page.close();
    await setExtensionStorage(browser, storedGlossary([]));
  }
}
