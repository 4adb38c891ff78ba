// Detection on the built extension: terms are marked with the CSS Custom Highlight API, the
// page's DOM is never touched, changes are followed, frames and open shadow roots are covered,
// and editable text stays exactly what the user typed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Frame, Page } from '@playwright/test';
import { CORPUS_DIR } from '../../scripts/static-server';
import { expect, test } from './fixtures';

const HIGHLIGHT = 'clinical-lens-term';

interface Mark {
  text: string;
  /** id of the nearest ancestor with one (the shadow host's, inside a shadow root). */
  id: string;
  connected: boolean;
  collapsed: boolean;
  /** Inside a region that must never be marked (script, form field, editor…). */
  forbidden: boolean;
  inShadow: boolean;
}

/** Runs in the page's main world: the highlight registry is per document, shared by worlds. */
function readMarks(name: string): Mark[] {
  const highlight = CSS.highlights.get(name);
  if (!highlight) return [];
  return [...highlight].map((abstract) => {
    const range = abstract as Range;
    const node = range.startContainer;
    const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
    const root = node.getRootNode();
    const holder = element?.closest('[id]') ?? (root instanceof ShadowRoot ? root.host.closest('[id]') : null);
    return {
      text: range.toString(),
      id: holder?.id ?? '',
      connected: node.isConnected,
      collapsed: range.collapsed,
      forbidden: !!element?.closest('script, style, noscript, template, title, textarea, select, option, [contenteditable]:not([contenteditable="false"])'),
      inShadow: root instanceof ShadowRoot,
    };
  });
}

const marks = (target: Page | Frame) => target.evaluate(readMarks, HIGHLIGHT);
const texts = async (target: Page | Frame) => (await marks(target)).map((m) => m.text).sort();

/**
 * Records, in the page's main world from the moment parsing ends, every DOM mutation not ours,
 * each tagged "editor:" when it happened inside an editable region (the user's own typing).
 */
async function recordPageMutations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __mutations: string[]; __snapshot?: string };
    w.__mutations = [];
    const ours = (node: Node | null): boolean => {
      for (let n = node; n; n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null)) {
        if (n instanceof Element && n.localName.startsWith('clinical-lens')) return true;
      }
      return false;
    };
    document.addEventListener('readystatechange', () => {
      if (document.readyState !== 'interactive') return;
      w.__snapshot = document.documentElement.outerHTML;
      new MutationObserver((records) => {
        for (const r of records) {
          const touched = [...r.addedNodes, ...r.removedNodes];
          if (ours(r.target) || (touched.length && touched.every(ours))) continue;
          const element = r.target instanceof Element ? r.target : r.target.parentElement;
          const inEditor = !!element?.closest('[contenteditable]:not([contenteditable="false"])');
          w.__mutations.push(`${inEditor ? 'editor: ' : ''}${r.type} on ${r.target.nodeName}${r.attributeName ? ` [${r.attributeName}]` : ''}`);
        }
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  });
}

async function pageMutations(page: Page | Frame): Promise<{ mutations: string[]; unchanged: boolean }> {
  return page.evaluate(() => {
    const w = window as unknown as { __mutations: string[]; __snapshot?: string };
    return { mutations: w.__mutations, unchanged: w.__snapshot === document.documentElement.outerHTML };
  });
}

/** Lets any pending batch of our observer run (it flushes per animation frame). */
const settle = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50)))));

test.describe('detection', () => {
  test('marks terms with a highlight and leaves the page DOM untouched', async ({ context, server }) => {
    await recordPageMutations(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url('/detection/article.html'));

    await expect.poll(() => texts(page)).toContain('hepatic artery embolization');
    await settle(page);
    const found = await marks(page);
    const inElement = (id: string) => found.filter((m) => m.id === id).map((m) => m.text).sort();

    expect(inElement('intro')).toEqual(['TACE', 'Transarterial chemoembolization', 'iodized oil'].sort());
    // Across inline tags within a block…
    expect(inElement('inline')).toEqual(['hepatic artery embolization']);
    expect(inElement('split')).toEqual(['gelatin sponge']);
    // …but never across table cells, list items or a line break.
    expect(inElement('cells')).toEqual(['Gelfoam', 'Lipiodol', 'embolization']);
    expect(inElement('items')).toEqual([]);
    expect(inElement('breaks')).toEqual([]);
    expect(inElement('zh')).toEqual(['TACE', '碘化油', '肝动脉化疗栓塞术'].sort());
    expect(found.map((m) => m.text)).toContain('hepatocellular carcinoma');
    // script, style, title, noscript, template, form fields and editors hold terms too: none is marked.
    expect(found.filter((m) => m.forbidden)).toEqual([]);
    expect(found.filter((m) => m.text === 'TACE')).toHaveLength(2);
    expect(found.filter((m) => m.text === 'PVA particles')).toEqual([]);

    // The ::highlight() rule arrives as an adopted constructed sheet, not as a node in the page.
    const adopted = await page.evaluate((name) => document.adoptedStyleSheets.some((s) => [...s.cssRules].some((r) => r.cssText.includes(`::highlight(${name})`))), HIGHLIGHT);
    expect(adopted).toBe(true);

    expect(await pageMutations(page)).toEqual({ mutations: [], unchanged: true });
    expect(errors).toEqual([]);
  });

  test('answers the popup with the terms found in the page', async ({ context, server, serviceWorker }) => {
    const page = await context.newPage();
    await page.goto(server.url('/detection/article.html'));
    await expect.poll(() => texts(page)).toContain('hepatic artery embolization');
    // Without the "tabs" permission tab URLs are hidden: ask every tab; only this page answers.
    const replies = await serviceWorker.evaluate(async () => {
      const tabs = await chrome.tabs.query({});
      const answers = await Promise.all(tabs.map((tab) => chrome.tabs.sendMessage(tab.id!, { type: 'pageTerms' }, { frameId: 0 }).catch(() => null)));
      return answers.filter(Boolean);
    });
    expect(replies).toHaveLength(1);
    const terms = replies[0];
    const counts = Object.fromEntries((terms as { value: { id: string; count: number }[] }).value.map((t) => [t.id, t.count]));
    expect(counts).toMatchObject({ tace: 4, 'iodized-oil': 3, 'hepatic-artery-embolization': 1, 'gelatin-sponge': 2, embolization: 1 });
    expect(counts['pva-particles']).toBeUndefined();
  });

  test('text added or edited after load is marked', async ({ context, server }) => {
    const page = await context.newPage();
    await page.goto(server.url('/detection/react-like.html'));
    await expect.poll(() => texts(page)).toEqual(['TACE', 'hepatocellular carcinoma']);

    await page.evaluate(() => {
      const p = document.createElement('p');
      p.id = 'late';
      p.innerHTML = 'Follow-up after <i>gelatin sponge</i> embolization.';
      document.body.append(p);
    });
    await expect.poll(() => texts(page)).toEqual(['TACE', 'embolization', 'gelatin sponge', 'hepatocellular carcinoma']);

    // Editing a text node in place (characterData) re-marks just that block.
    await page.evaluate(() => {
      const text = document.querySelector('#late i')!.firstChild as Text;
      text.data = 'Lipiodol';
    });
    await expect.poll(() => texts(page)).toEqual(['Lipiodol', 'TACE', 'embolization', 'hepatocellular carcinoma']);

    // Removing the block drops its marks.
    await page.evaluate(() => document.getElementById('late')!.remove());
    await expect.poll(() => texts(page)).toEqual(['TACE', 'hepatocellular carcinoma']);
  });

  test('a framework that replaces its text nodes gets fresh marks and no stale ranges', async ({ context, server }) => {
    const page = await context.newPage();
    await page.goto(server.url('/detection/react-like.html'));
    await expect.poll(() => texts(page)).toEqual(['TACE', 'hepatocellular carcinoma']);

    const states = ['Planned: Lipiodol', 'No procedure planned', 'Done: hepatic artery embolization', 'Planned: TACE with PVA particles'];
    for (const state of states) {
      await page.evaluate((text) => (window as unknown as { render(t: string): void }).render(text), state);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    }
    await expect.poll(() => texts(page)).toEqual(['PVA particles', 'TACE', 'hepatocellular carcinoma']);

    // Many renders within one frame: only the final text counts.
    await page.evaluate(() => {
      const w = window as unknown as { render(t: string): void; renderList(items: string[]): void };
      for (let i = 0; i < 50; i++) w.render(i % 2 ? 'Planned: TACE' : 'Planned: iodized oil');
      w.renderList(['Gelfoam', 'hepatocellular carcinoma', 'nothing here']);
    });
    await expect.poll(() => texts(page)).toEqual(['Gelfoam', 'TACE', 'hepatocellular carcinoma', 'hepatocellular carcinoma']);
    const found = await marks(page);
    expect(found.every((m) => m.connected && !m.collapsed)).toBe(true);
  });

  test('a burst of over a thousand changes is rescanned whole, leaving nothing stale', async ({ context, server }) => {
    const page = await context.newPage();
    await page.goto(server.url('/detection/react-like.html'));
    await expect.poll(() => texts(page)).toEqual(['TACE', 'hepatocellular carcinoma']);

    await page.evaluate(() => {
      const list = document.getElementById('list')!;
      for (let i = 0; i < 1500; i++) {
        const li = document.createElement('li');
        li.textContent = i % 100 === 0 ? `Row ${i}: Gelfoam` : `Row ${i}: vitals stable`;
        list.append(li);
      }
      (window as unknown as { render(t: string): void }).render('Nothing planned');
    });
    await expect.poll(() => texts(page), { timeout: 15_000 }).toEqual([...Array(15).fill('Gelfoam'), 'hepatocellular carcinoma']);
    expect((await marks(page)).every((m) => m.connected && !m.collapsed)).toBe(true);
  });

  test('same-origin, srcdoc and script-written about:blank frames are marked', async ({ context, server }) => {
    const page = await context.newPage();
    await page.goto(server.url('/detection/frames.html'));
    const frame = async (selector: string) => (await page.locator(selector).elementHandle())?.contentFrame();

    const sameOrigin = await frame('#same-origin');
    await expect.poll(() => texts(sameOrigin!)).toEqual(['TACE', 'hepatocellular carcinoma']);
    const srcdoc = await frame('#srcdoc');
    await expect.poll(() => texts(srcdoc!)).toEqual(['Embolization', 'PVA particles']);
    const blank = await frame('#blank');
    await expect.poll(() => texts(blank!)).toEqual(['Gelfoam', 'Lipiodol']);
  });

  test('open shadow roots are entered, styled and left unchanged; closed ones cause no errors', async ({ context, server }) => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) errors.push(message.text());
    });
    await page.goto(server.url('/detection/shadow.html'));
    const before = await page.evaluate(() => document.getElementById('open-card')!.shadowRoot!.innerHTML);

    await expect.poll(() => texts(page)).toEqual(['Embolization', 'Lipiodol', 'gelatin sponge', 'hepatocellular carcinoma', 'iodized oil']);
    const found = await marks(page);
    expect(found.filter((m) => m.inShadow).map((m) => m.text).sort()).toEqual(['Embolization', 'gelatin sponge', 'hepatocellular carcinoma']);

    const shadow = await page.evaluate((name) => {
      const root = document.getElementById('open-card')!.shadowRoot!;
      const styled = root.adoptedStyleSheets.some((s) => [...s.cssRules].some((r) => r.cssText.includes(`::highlight(${name})`)));
      return { html: root.innerHTML, styled };
    }, HIGHLIGHT);
    expect(shadow).toEqual({ html: before, styled: true });

    // A shadow host added later, and text changed inside a shadow root, are followed too.
    await page.evaluate(() => {
      const card = document.createElement('term-card');
      document.body.append(card);
      const p = document.getElementById('open-card')!.shadowRoot!.querySelector('p')!;
      p.lastChild!.textContent = ' was replaced by TACE.';
    });
    await expect.poll(async () => (await marks(page)).filter((m) => m.inShadow).map((m) => m.text).sort()).toEqual(
      ['Embolization', 'Embolization', 'TACE', 'gelatin sponge', 'gelatin sponge', 'hepatocellular carcinoma', 'hepatocellular carcinoma'],
    );
    expect(errors).toEqual([]);
  });

  test('typing in fields and editors gives exactly what was typed, with no marks inside', async ({ context, server }) => {
    await recordPageMutations(context);
    const page = await context.newPage();
    await page.goto(server.url('/detection/article.html'));
    await expect.poll(() => texts(page)).toContain('hepatic artery embolization');

    const typed = ' TACE with Lipiodol, gelatin sponge and PVA particles for hepatocellular carcinoma';
    await page.locator('#notes').press('Control+End');
    await page.locator('#notes').pressSequentially(typed);
    await page.locator('#field').press('End');
    await page.locator('#field').pressSequentially(typed);
    await page.locator('#editor p').click();
    await page.keyboard.press('End');
    await page.keyboard.type(typed);
    await page.locator('#plain-editor').click();
    await page.keyboard.press('End');
    await page.keyboard.type(typed);
    await settle(page);

    const values = await page.evaluate(() => ({
      notes: (document.getElementById('notes') as HTMLTextAreaElement).value,
      field: (document.getElementById('field') as HTMLInputElement).value,
      editor: document.getElementById('editor')!.textContent,
      plain: document.getElementById('plain-editor')!.textContent,
    }));
    expect(values).toEqual({
      notes: `Lipiodol and TACE in a textarea${typed}`,
      field: `TACE${typed}`,
      editor: `Editable note mentions TACE and Lipiodol.${typed}`,
      plain: `PVA particles in a plain-text editor.${typed}`,
    });
    expect((await marks(page)).filter((m) => m.forbidden)).toEqual([]);

    // Every mutation the page saw came from the typing inside the two editors.
    const { mutations } = await pageMutations(page);
    expect(mutations.length).toBeGreaterThan(0);
    expect(mutations.filter((m) => !m.startsWith('editor: '))).toEqual([]);

    // An element that becomes editable loses its marks at once.
    await page.evaluate(() => document.getElementById('intro')!.setAttribute('contenteditable', 'true'));
    await expect.poll(async () => (await marks(page)).filter((m) => m.id === 'intro')).toEqual([]);
    await page.locator('#intro').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' and TACE');
    await settle(page);
    expect(await page.locator('#intro').textContent()).toBe('Transarterial chemoembolization (TACE) delivers chemotherapy mixed with iodized oil into the feeding artery. and TACE');
    expect((await marks(page)).filter((m) => m.forbidden)).toEqual([]);
  });

  test('after the extension is reloaded, the old script removes its marks and styles', async ({ context, server, serviceWorker }) => {
    const page = await context.newPage();
    await page.goto(server.url('/detection/react-like.html'));
    await expect.poll(() => texts(page)).toEqual(['TACE', 'hepatocellular carcinoma']);

    await serviceWorker.evaluate(() => chrome.runtime.reload()).catch(() => undefined);
    // The orphaned script notices on the page's next change.
    await expect
      .poll(async () => {
        await page.evaluate(() => (window as unknown as { render(t: string): void }).render('Planned: Lipiodol'));
        return page.evaluate((name) => ({
          registered: CSS.highlights.has(name),
          sheets: document.adoptedStyleSheets.filter((s) => [...s.cssRules].some((r) => r.cssText.includes(name))).length,
        }), HIGHLIGHT);
      })
      .toEqual({ registered: false, sheets: 0 });
  });

  test('real text: a ClinicalTrials.gov description about TACE', async ({ context, server }) => {
    const story = join(CORPUS_DIR, 'dev-positives', 'clinical-trials', 'NCT00960518.story');
    test.skip(!existsSync(story), `needs ../shared/corpus (not in a user's clone): ${story} is absent`);
    const description = readFileSync(story, 'utf8').split('@highlight')[0]!;
    const paragraphs = description.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
    const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const html = `<!doctype html><meta charset="utf-8"><title>NCT00960518</title><main>${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}</main>`;
    const url = server.url('/detection/clinical-trial.html');
    await context.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));

    const page = await context.newPage();
    await page.goto(url);
    const expected = (re: RegExp) => paragraphs.join('\n').match(re)?.length ?? 0;
    const tace = expected(/\bTACE\b/g);
    expect(tace).toBeGreaterThan(3);
    await expect.poll(async () => (await texts(page)).filter((t) => t === 'TACE').length).toBe(tace);
    const found = await texts(page);
    expect(found.filter((t) => /^hepatocellular carcinoma$/i.test(t))).toHaveLength(expected(/hepatocellular carcinoma/gi));
    expect(found.filter((t) => t === 'iodized oil')).toHaveLength(expected(/iodized oil/g));
    expect(found.filter((t) => t === 'HCC')).toHaveLength(expected(/\bHCC\b/g));
  });
});
