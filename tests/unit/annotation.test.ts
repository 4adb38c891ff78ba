import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { describe as describePassage } from '../../lib/anchoring';
import {
  ANCHOR_VERSION_KEY,
  type Annotation,
  AnnotationSchema,
  createAnnotation,
  editAnnotation,
  noteTags,
  noteText,
  OCCURRENCE_KEY,
  quoteOf,
} from '../../lib/annotation';
import { decodeNotesFile, exportNotesFile, MAX_IMPORT_BYTES, parseNotesFile, toCollection } from '../../lib/annotation-file';

const PAGE = 'https://ehr.example.org/patient/123/chart';
const TEXT = ['Labs', 'Potassium 3.1 mmol/L, low. Recheck in one week after starting potassium chloride.', 'Plan reviewed with the patient.'].join('\u2029');

function note(text: string, at = new Date('2025-01-02T03:04:05.000Z'), id?: string): Annotation {
  const start = TEXT.indexOf('Potassium 3.1');
  const described = describePassage(TEXT, start, start + 'Potassium 3.1 mmol/L'.length)!;
  return createAnnotation(
    { source: PAGE, selectors: described.selectors, anchorVersion: described.version, occurrence: described.occurrence, text, tags: ['labs', ' renal ', 'labs', ''] },
    at,
    id,
  );
}

describe('annotation shape', () => {
  it('is a W3C Web Annotation with a commenting body, tagging bodies and several selectors', () => {
    const a = note('Check magnesium too.');
    expect(a.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(a).toMatchObject({
      type: 'Annotation',
      motivation: 'commenting',
      created: '2025-01-02T03:04:05.000Z',
      modified: '2025-01-02T03:04:05.000Z',
      body: [
        { type: 'TextualBody', value: 'Check magnesium too.', format: 'text/plain', purpose: 'commenting' },
        { type: 'TextualBody', value: 'labs', purpose: 'tagging' },
        { type: 'TextualBody', value: 'renal', purpose: 'tagging' },
      ],
      target: { source: PAGE },
      [ANCHOR_VERSION_KEY]: 1,
      [OCCURRENCE_KEY]: { index: 0, count: 1, distinct: true },
    });
    expect(a.target.selector.map((s) => s.type)).toEqual(['TextQuoteSelector', 'TextPositionSelector']);
    expect(quoteOf(a)?.exact).toBe('Potassium 3.1 mmol/L');
    expect(noteText(a)).toBe('Check magnesium too.');
    expect(noteTags(a)).toEqual(['labs', 'renal']);
    expect(v.parse(AnnotationSchema, a)).toEqual(a);
  });

  it('moves modified forward on edit, even when the clock went back', () => {
    const a = note('first', new Date('2025-01-02T03:04:05.000Z'));
    const edited = editAnnotation(a, { text: 'second', tags: ['x'] }, new Date('2024-12-31T00:00:00.000Z'));
    expect(edited.created).toBe(a.created);
    expect(Date.parse(edited.modified)).toBeGreaterThan(Date.parse(a.modified));
    expect(noteText(edited)).toBe('second');
    expect(noteTags(edited)).toEqual(['x']);
  });

  it('accepts a RangeSelector of XPath points and one body or selector given without an array', () => {
    const a = note('x');
    const input = {
      ...a,
      body: a.body[0],
      target: {
        source: PAGE,
        selector: [
          ...a.target.selector,
          {
            type: 'RangeSelector',
            startSelector: { type: 'XPathSelector', value: '/html/body/p[2]/text()[1]', refinedBy: { type: 'TextPositionSelector', start: 4, end: 4 } },
            endSelector: { type: 'XPathSelector', value: '/html/body/p[2]/text()[1]', refinedBy: { type: 'TextPositionSelector', start: 24, end: 24 } },
          },
        ],
      },
    };
    const parsed = v.parse(AnnotationSchema, input);
    expect(parsed.body).toEqual([a.body[0]]);
    expect(parsed.target.selector).toHaveLength(3);
  });

  it('rejects notes without a quote, with two, or with bad offsets', () => {
    const a = note('x');
    const noQuote = { ...a, target: { source: PAGE, selector: a.target.selector.filter((s) => s.type !== 'TextQuoteSelector') } };
    expect(v.safeParse(AnnotationSchema, noQuote).success).toBe(false);
    const twoQuotes = { ...a, target: { source: PAGE, selector: [...a.target.selector, a.target.selector[0]] } };
    expect(v.safeParse(AnnotationSchema, twoQuotes).success).toBe(false);
    const backwards = { ...a, target: { source: PAGE, selector: [a.target.selector[0], { type: 'TextPositionSelector', start: 9, end: 3 }] } };
    expect(v.safeParse(AnnotationSchema, backwards).success).toBe(false);
  });
});

describe('notes file export and import', () => {
  it('exports an AnnotationCollection that imports back exactly', () => {
    const notes = [note('b', new Date('2025-02-01T00:00:00.000Z')), note('a', new Date('2025-01-01T00:00:00.000Z'))];
    const file = exportNotesFile(notes);
    const collection = JSON.parse(file);
    expect(collection['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(collection.type).toBe('AnnotationCollection');
    expect(collection.total).toBe(2);
    expect(collection.first.type).toBe('AnnotationPage');
    expect(collection.first.items.map((a: Annotation) => noteText(a))).toEqual(['a', 'b']);
    const parsed = parseNotesFile(file);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(exportNotesFile(parsed.value.annotations)).toBe(file);
  });

  it('imports a bare array and a single annotation, with or without a byte-order mark', () => {
    const a = note('one');
    const bare = parseNotesFile(JSON.stringify([a]));
    expect(bare.ok && bare.value.annotations).toEqual([a]);
    const single = parseNotesFile(`\uFEFF${JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', ...a })}`);
    expect(single.ok && single.value.annotations).toEqual([a]);
    const bom = decodeNotesFile(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify([a]))]));
    expect(bom.ok && parseNotesFile(bom.value).ok).toBe(true);
  });

  it('keeps the newer of two notes with the same id', () => {
    const older = note('older', new Date('2025-01-01T00:00:00.000Z'), 'urn:uuid:00000000-0000-4000-8000-000000000001');
    const newer = editAnnotation(older, { text: 'newer', tags: [] }, new Date('2025-03-01T00:00:00.000Z'));
    for (const order of [[older, newer], [newer, older]]) {
      const parsed = parseNotesFile(JSON.stringify(order));
      if (!parsed.ok) throw new Error(parsed.error);
      expect(parsed.value.duplicates).toBe(1);
      expect(parsed.value.annotations.map(noteText)).toEqual(['newer']);
    }
  });

  it('keeps markup in every field as text', () => {
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script> javascript:alert(3)';
    const a = note(hostile);
    const withMarkup: Annotation = {
      ...a,
      body: [...a.body, { type: 'TextualBody', value: '<b>tag</b>', purpose: 'tagging' }],
      target: { ...a.target, selector: [{ type: 'TextQuoteSelector', exact: '<script>x</script>', prefix: '<a href="javascript:1">', suffix: '"><svg onload=1>' }] },
    };
    const parsed = parseNotesFile(exportNotesFile([withMarkup]));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.annotations[0]).toEqual(withMarkup);
  });

  it('stores imported page addresses as page keys', () => {
    const a = { ...note('x'), target: { ...note('x').target, source: `${PAGE}?utm_source=mail#top` } };
    const parsed = parseNotesFile(JSON.stringify([a]));
    expect(parsed.ok && parsed.value.annotations[0]!.target.source).toBe(PAGE);
  });

  it('names the note and the field of every problem, and imports nothing from a bad file', () => {
    const good = note('fine');
    const items: unknown[] = [
      good,
      { ...good, id: 'urn:x:2', created: 'yesterday' },
      { ...good, id: 'urn:x:3', body: [{ type: 'TextualBody', value: 42, purpose: 'commenting' }] },
      (({ modified: _dropped, ...rest }) => ({ ...rest, id: 'urn:x:4' }))(good),
    ];
    const parsed = parseNotesFile(JSON.stringify(items));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContain('Nothing was imported: 3 of 4 notes are not valid');
    expect(parsed.error).toContain('note 2 (index 1), created');
    expect(parsed.error).toContain('note 3 (index 2), body.0.value');
    expect(parsed.error).toContain('note 4 (index 3), modified: missing');
  });

  it('rejects files that are not notes files, with a reason', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['{"type":"AnnotationCollection","total":1,"first":{"type":"AnnotationPage","items":[', /not valid JSON/],
      ['42', /not a JSON notes file: it starts with “42”/],
      ['{"hello":"world"}', /"type" is missing or unknown/],
      ['{"type":"AnnotationCollection","total":3,"first":{"type":"AnnotationPage","items":[]}}', /says it holds 3 notes but has 0/],
      ['{"type":"AnnotationCollection","first":"https://example.org/page1"}', /no "first" page/],
      ['{"type":"AnnotationCollection","first":{"items":[],"next":"https://example.org/2"}}', /more than one page/],
      [JSON.stringify([{ type: 'Annotation' }]), /note 1 \(index 0\), id: missing/],
    ];
    for (const [text, message] of cases) {
      const parsed = parseNotesFile(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(message);
    }
    expect(parseNotesFile(JSON.stringify(toCollection([]))).ok).toBe(true);
  });

  it('rejects non-UTF-8 bytes and files over the size limit before reading them', () => {
    const latin1 = decodeNotesFile(new Uint8Array([0x5b, 0x22, 0xe9, 0x22, 0x5d]));
    expect(latin1).toEqual({ ok: false, error: expect.stringMatching(/not UTF-8/) });
    const huge = decodeNotesFile(new Uint8Array(MAX_IMPORT_BYTES + 1));
    expect(huge).toEqual({ ok: false, error: expect.stringMatching(/^The file is 20\.0 MB; notes files up to 20\.0 MB/) });
  });
});
