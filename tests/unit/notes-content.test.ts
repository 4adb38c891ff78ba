// @vitest-environment happy-dom
// Notes on the content script's text model: a selection becomes selectors, and the note is
// found again after the page re-renders, changes around it, or loses the words. Highlights,
// the in-page UI and XPath ranges need a real browser: tests/e2e/notes.spec.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import { createAnnotation } from '../../lib/annotation';
import { describeSelection, placeNotes } from '../../entrypoints/content/notes/place-notes';
import { createTextModel } from '../../entrypoints/content/text-model';

const CHART = `
  <main>
    <section><h2>Latest labs</h2><table><tr><td>ALT</td><td>58 U/L (H)</td></tr><tr><td>AST</td><td>39 U/L</td></tr></table></section>
    <section><h2>Plan</h2><ul id="plan">
      <li>Plan: review response at tumour board; consider repeat <b>transarterial</b> chemoembolization.</li>
      <li>Plan: recheck liver panel in 2 weeks.</li>
    </ul></section>
    <textarea id="draft">recheck liver panel in 2 weeks</textarea>
  </main>`;

function rangeOver(root: ParentNode, words: string): Range {
  const walker = document.createTreeWalker(root as Node, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const at = node.data.indexOf(words);
    if (at === -1) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + words.length);
    return range;
  }
  throw new Error(`not found: ${words}`);
}

function noteOn(words: string) {
  const passage = describeSelection(createTextModel(document), rangeOver(document.querySelector('#plan')!, words));
  if (!passage) throw new Error('not describable');
  return createAnnotation({ source: 'https://ehr.example/p/1', selectors: passage.selectors, anchorVersion: passage.version, occurrence: passage.occurrence, text: 'n' });
}

beforeEach(() => {
  document.body.innerHTML = CHART;
});

describe('notes on the text model', () => {
  it('describes a selection across inline markup, trimmed, with quote, position and occurrence', () => {
    const range = document.createRange();
    const item = document.querySelector('#plan li')!;
    range.setStart(item.firstChild!, 'Plan: review response at tumour board; consider repeat'.length); // the space before <b>
    range.setEnd(item.lastChild!, ' chemoembolization'.length);
    const passage = describeSelection(createTextModel(document), range)!;
    expect(passage.range.toString()).toBe('transarterial chemoembolization');
    expect(passage.selectors[0]).toMatchObject({ type: 'TextQuoteSelector', exact: 'transarterial chemoembolization' });
    expect(passage.selectors[0]).toHaveProperty('prefix', expect.stringMatching(/consider repeat $/));
    expect(passage.selectors[1]).toMatchObject({ type: 'TextPositionSelector' });
    expect(passage.occurrence).toEqual({ index: 0, count: 1, distinct: true });
  });

  it('refuses selections that are not page text the model holds', () => {
    const model = createTextModel(document);
    const inField = document.createRange();
    inField.selectNodeContents(document.getElementById('draft')!);
    expect(describeSelection(model, inField)).toBeNull();
    const blank = document.createRange();
    blank.setStart(document.querySelector('main')!.firstChild!, 0);
    blank.setEnd(document.querySelector('main')!.firstChild!, 3);
    expect(describeSelection(model, blank)).toBeNull();
  });

  it('finds the words again after the app re-renders the list with new nodes and adds an item above', () => {
    const note = noteOn('recheck liver panel in 2 weeks');
    const plan = document.getElementById('plan')!;
    plan.innerHTML = '<li>Plan: MRI liver in 6 weeks.</li><li>Plan: review response at tumour board; consider repeat transarterial chemoembolization.</li><li>Plan: recheck liver panel in 2 weeks.</li>';
    const [placed] = placeNotes(createTextModel(document), [note]);
    expect(placed!.result).toMatchObject({ orphan: false, method: 'quote' });
    expect(placed!.range?.toString()).toBe('recheck liver panel in 2 weeks');
    expect(placed!.range?.startContainer.parentElement).toBe(plan.lastElementChild);
  });

  it('makes the note an orphan, with no range, when its words are gone', () => {
    const note = noteOn('recheck liver panel in 2 weeks');
    document.getElementById('plan')!.lastElementChild!.remove();
    const [placed] = placeNotes(createTextModel(document), [note]);
    expect(placed!.result.orphan).toBe(true);
    expect(placed!.range).toBeNull();
  });
});
