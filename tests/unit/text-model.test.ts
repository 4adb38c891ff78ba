// @vitest-environment happy-dom
// The text model's rules (what is page text, where blocks end) and its offset ↔ DOM mapping.
// The browser-level behaviour (highlights, frames, observers) is covered in tests/e2e/detection.spec.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import { blockAround, createTextModel, isIgnored, walkSubtree, type TextRun } from '../../entrypoints/content/text-model';

const SEP = '\u2029';

function page(html: string): Document {
  document.body.innerHTML = html;
  return document;
}

function blocks(root: Node = document.body): string[] {
  const runs: TextRun[] = [];
  walkSubtree(root as Element, { run: (run) => runs.push(run), shadowRoot: () => undefined }).step();
  return runs.map((run) => run.text);
}

describe('text model', () => {
  beforeEach(() => {
    document.designMode = 'off';
    document.body.innerHTML = '';
  });

  it('joins inline elements into one block and splits at block elements, cells, items and <br>', () => {
    page('<p>hepatic <b>artery</b> embolization</p><table><tr><td>TACE</td><td>Lipiodol</td></tr></table><ul><li>gelatin</li><li>sponge</li></ul><p>iodized<br>oil</p><div>before<p>inside</p>after</div>');
    expect(blocks()).toEqual(['hepatic artery embolization', 'TACE', 'Lipiodol', 'gelatin', 'sponge', 'iodized', 'oil', 'before', 'inside', 'after']);
  });

  it('leaves out scripts, styles, templates, form fields, editors and our own UI', () => {
    page(`<p>one <script>var TACE = 1;</script>two</p>
      <style>.TACE {}</style><noscript>TACE</noscript><template><p>TACE</p></template>
      <textarea>TACE</textarea><select><option>TACE</option></select>
      <div contenteditable="true"><p>TACE</p></div><div contenteditable="false">kept</div>
      <div contenteditable="plaintext-only">TACE</div>
      <ruby>肝<rt>gān</rt></ruby><clinical-lens-ui>TACE</clinical-lens-ui>`);
    // An inline <script> does not split a sentence; a non-editable region is ordinary text.
    expect(blocks().map((b) => b.trim()).filter(Boolean)).toEqual(['one two', 'kept', '肝']);
  });

  it('enters open shadow roots as blocks of their own', () => {
    page('<p>light</p><div id="host"></div>');
    const host = document.getElementById('host')!;
    host.attachShadow({ mode: 'open' }).innerHTML = '<p>Embolization with <b>gelatin sponge</b></p>';
    const model = createTextModel(document);
    expect(model.text).toBe(`light${SEP}Embolization with gelatin sponge`);
    expect(model.shadowRoots).toEqual([host.shadowRoot]);
  });

  it('maps page-text offsets to DOM ranges and back, across inline nodes', () => {
    page('<h1>Title</h1><p id="p">hepatic <b>artery</b> embolization</p>');
    const model = createTextModel(document);
    expect(model.text).toBe(`Title${SEP}hepatic artery embolization`);
    const start = model.text.indexOf('hepatic');
    const end = start + 'hepatic artery embolization'.length;
    const range = model.rangeOf(start, end)!;
    expect(range.toString()).toBe('hepatic artery embolization');
    expect(range.startContainer).toBe(document.getElementById('p')!.firstChild);
    expect(model.positionOf(range.startContainer, range.startOffset)).toBe(start);
    expect(model.positionOf(range.endContainer, range.endOffset)).toBe(end);
    const artery = document.querySelector('b')!.firstChild!;
    expect(model.positionOf(artery, 2)).toBe(model.text.indexOf('artery') + 2);
    // An element boundary maps to the first text at or after it.
    expect(model.positionOf(document.getElementById('p')!, 1)).toBe(model.text.indexOf('artery'));
  });

  it('puts offsets on a block separator on the right side and refuses impossible spans', () => {
    page('<p>one</p><p>two</p>');
    const model = createTextModel(document);
    expect(model.rangeOf(3, 3 + 1 + 3)!.toString()).toBe('two'); // starts on the separator
    expect(model.rangeOf(0, 4)!.toString()).toBe('one'); // ends on the separator
    expect(model.rangeOf(0, 99)).toBeNull();
    expect(model.rangeOf(5, 2)).toBeNull();
    expect(model.positionOf(document.createTextNode('elsewhere'), 0)).toBeNull();
  });

  it('has no text at all in a document in designMode', () => {
    page('<p>TACE</p>');
    document.designMode = 'on';
    expect(createTextModel(document).text).toBe('');
    expect(isIgnored(document.querySelector('p')!.firstChild!)).toBe(true);
  });

  it('finds the block around a changed node: its inline neighbours, up to block boundaries', () => {
    page('<div id="d">before<p>x</p>hepatic <b id="b">artery</b> embolization<br>after</div>');
    const block = blockAround(document.getElementById('b')!.firstChild!)!;
    expect(block.top).toBe(document.getElementById('d'));
    expect(block.first.textContent).toBe('hepatic ');
    expect(block.last.textContent).toBe(' embolization');
    const runs: string[] = [];
    walkSubtree(document.getElementById('d')!, { run: (r) => runs.push(r.text), shadowRoot: () => undefined }).step();
    expect(runs).toEqual(['before', 'x', 'hepatic artery embolization', 'after']);
    page('<textarea>TACE</textarea>');
    expect(blockAround(document.querySelector('textarea')!.firstChild!)).toBeNull();
  });

  it('ends blocks where the walk leaves them, at empty blocks and at opaque elements', () => {
    // Blocks are read from each text's nearest block ancestor: leaving a block nested in an
    // inline element ends it, and elements without text still split what surrounds them.
    page('<div>one<span><p>two</p>three</span>four</div><div>a<div></div>b</div><p>c<input>d</p><p>e<b>f<i>g</i></b>h</p><div>i<video><p>fallback</p></video>j</div>');
    expect(blocks()).toEqual(['one', 'two', 'threefour', 'a', 'b', 'c', 'd', 'efgh', 'i', 'j']);
  });

  it('enters a shadow root whose host has no text of its own, between blocks', () => {
    page('<p>before</p><section id="host"></section><p>after</p>');
    document.getElementById('host')!.attachShadow({ mode: 'open' }).innerHTML = '<p>inside</p>';
    const hosts: string[] = [];
    walkSubtree(document.body, { run: (run) => hosts.push(run.text), shadowRoot: (root) => hosts.push(`#${root.host.id}`) }).step();
    expect(hosts).toEqual(['before', '#host', 'after']);
  });

  it('walks in slices and resumes where it stopped', () => {
    page(Array.from({ length: 500 }, (_, i) => `<p>block ${i}</p>`).join(''));
    const runs: string[] = [];
    const walker = walkSubtree(document.body, { run: (r) => runs.push(r.text), shadowRoot: () => undefined });
    let slices = 1;
    // A deadline already past: each step stops after its first batch of nodes.
    while (!walker.step(0)) slices++;
    expect(slices).toBeGreaterThan(5);
    expect(runs).toHaveLength(500);
    expect(runs[499]).toBe('block 499');
  });
});
