// Bad notes files, through the real import path: the options page's checks on the file's bytes
// (size, encoding: lib/annotation-file.ts) and the background's notes:import (parse, validate
// whole, store in one transaction). Each bad file gets a clear message, and a full export
// before and after shows that nothing stored before has changed.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { describe as describePassage } from '../../lib/anchoring';
import { type Annotation, createAnnotation } from '../../lib/annotation';
import { decodeNotesFile, exportNotesFile, fileSizeProblem, MAX_IMPORT_BYTES } from '../../lib/annotation-file';
import type { NotesImportSummary } from '../../lib/messages';
import { type Notes, notesHandlers, openNotes } from '../../entrypoints/background/notes-service';

const TEXT = 'Allergies: penicillin (rash).\u2029Potassium 3.1 mmol/L, recheck in one week.\u2029Plan reviewed with the team.';
const CHART = 'https://ehr.example.org/patient/1/chart';

function note(text: string, at = '2025-01-01T00:00:00.000Z', id?: string): Annotation {
  const start = TEXT.indexOf('Potassium');
  const d = describePassage(TEXT, start, start + 20)!;
  return createAnnotation({ source: CHART, selectors: d.selectors, anchorVersion: d.version, occurrence: d.occurrence, text, tags: ['ward'] }, new Date(at), id);
}

/** A minimal annotation as another tool would write it (plain JSON, to be broken at will). */
function raw(i: number): Record<string, unknown> {
  return {
    id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    type: 'Annotation',
    created: '2025-03-01T10:00:00Z',
    modified: '2025-03-01T10:00:00Z',
    body: { type: 'TextualBody', value: `imported ${i}`, purpose: 'commenting' },
    target: { source: 'https://journal.example.com/article/7', selector: { type: 'TextQuoteSelector', exact: 'hepatic artery' } },
  };
}

const collection = (items: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', total: items.length, first: { type: 'AnnotationPage', items }, ...extra });

const utf8 = (text: string) => new TextEncoder().encode(text);

function utf16(text: string, order: 'le' | 'be', bom: boolean): Uint8Array {
  const bytes = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(bytes.buffer);
  const units = bom ? `\uFEFF${text}` : text;
  for (let i = 0; i < units.length; i++) view.setUint16(i * 2, units.charCodeAt(i), order === 'le');
  return bytes;
}

let databases = 0;
let notes: Notes;
const options = () => ({ url: fakeBrowser.runtime.getURL('/options.html') }) as Browser.runtime.MessageSender;
const handlers = () => notesHandlers(notes, async () => undefined);
const exportAll = () => handlers()['notes:export']({ type: 'notes:export' }, options());

type Outcome = { ok: true; summary: NotesImportSummary } | { ok: false; error: string };

/** What the options page does with a chosen file, then the background. */
async function importBytes(bytes: Uint8Array): Promise<Outcome> {
  const tooBig = fileSizeProblem(bytes.byteLength);
  if (tooBig) return { ok: false, error: tooBig };
  const decoded = decodeNotesFile(bytes);
  if (!decoded.ok) return decoded;
  try {
    return { ok: true, summary: await handlers()['notes:import']({ type: 'notes:import', text: decoded.value }, options()) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

const STORED = [note('stored before: low K', '2025-01-01T00:00:00.000Z'), note('stored before: second', '2025-01-02T00:00:00.000Z')];

beforeEach(async () => {
  fakeBrowser.reset();
  notes = openNotes(`notes-import-${++databases}`);
  await notes.store.importMany(STORED);
});

interface BadFile {
  name: string;
  bytes: () => Uint8Array;
  message: RegExp;
}

const markup = '<img src=x onerror=alert(1)><script>alert(2)</script>"\'&amp;';

const BAD_FILES: BadFile[] = [
  { name: 'truncated JSON', bytes: () => utf8(collection([raw(1), raw(2)]).slice(0, 180)), message: /^The file is not valid JSON \(.+\)\.$/ },
  { name: 'empty file', bytes: () => utf8('  \n'), message: /^The file is empty\.$/ },
  { name: 'a single number', bytes: () => utf8('42'), message: /^The file is not a JSON notes file: it starts with “42”/ },
  {
    name: 'wrong type: body value is a number',
    bytes: () => utf8(collection([{ ...raw(1), body: { type: 'TextualBody', value: 7, purpose: 'commenting' } }])),
    message: /Nothing was imported: 1 of 1 notes are not valid\. note 1 \(index 0\), body\.value: .*string/,
  },
  { name: 'wrong type: created is not a date', bytes: () => utf8(collection([{ ...raw(1), created: 'yesterday' }])), message: /note 1 \(index 0\), created: expected an ISO 8601 date/ },
  { name: 'impossible date', bytes: () => utf8(collection([{ ...raw(1), modified: '2025-13-45T00:00:00Z' }])), message: /modified: not a real date/ },
  { name: 'missing target', bytes: () => utf8(collection([raw(1), { ...raw(2), target: undefined }])), message: /1 of 2 notes are not valid\. note 2 \(index 1\), target: missing/ },
  { name: 'missing id', bytes: () => utf8(JSON.stringify([{ ...raw(1), id: undefined }])), message: /note 1 \(index 0\), id: missing/ },
  { name: 'unknown type', bytes: () => utf8(JSON.stringify({ ...raw(1), type: 'Note' })), message: /"type" is missing or unknown/ },
  {
    name: 'duplicate ids, one copy broken',
    bytes: () => utf8(collection([raw(1), { ...raw(1), modified: 'later' }])),
    message: /1 of 2 notes are not valid\. note 2 \(index 1\), modified: expected an ISO 8601/,
  },
  { name: 'non-UTF-8 bytes (Latin-1)', bytes: () => Uint8Array.from([...utf8('[{"id":"a","body":"caf'), 0xe9, ...utf8('"}]')]), message: /^The file is not UTF-8 text\./ },
  { name: 'UTF-16 without a byte-order mark', bytes: () => utf16(collection([raw(1)]), 'le', false), message: /NUL bytes.*UTF-16 without a byte-order mark/ },
  { name: 'broken UTF-16 (odd length, lone surrogate)', bytes: () => Uint8Array.from([0xff, 0xfe, 0x5b, 0x00, 0x00, 0xd8, 0x5d]), message: /not valid UTF-16 text/ },
  {
    name: 'CSV with quoted newlines',
    bytes: () => utf8('id,quote,note\r\n1,"Potassium 3.1","line one\r\nline two, with ""quotes"""\r\n2,"x","y"\r\n'),
    message: /^The file is not a JSON notes file: it starts with “id,quote,note 1,"Potassium 3.1","line o…” \(a spreadsheet, CSV or text file\?\)/,
  },
  { name: '50 MB file', bytes: () => new Uint8Array(50 * 1024 * 1024).fill(0x20), message: /^The file is 50\.0 MB; notes files up to 20\.0 MB can be imported\.$/ },
  {
    name: '100,000 annotations',
    bytes: () => utf8(JSON.stringify(Array.from({ length: 100_000 }, (_, i) => ({ id: `n${i}`, type: 'Annotation' })))),
    message: /^The file holds 100,000 notes; up to 20,000 can be imported at once\./,
  },
  {
    name: '100,000 complete annotations (about 33 MB)',
    bytes: () => utf8(JSON.stringify(Array.from({ length: 100_000 }, (_, i) => raw(i)))),
    message: /^The file is 3\d\.\d MB; notes files up to 20\.0 MB can be imported\.$/,
  },
  { name: 'javascript: URL as target source', bytes: () => utf8(JSON.stringify({ ...raw(1), target: { source: 'javascript:alert(document.cookie)', selector: { type: 'TextQuoteSelector', exact: 'x' } } })), message: /target\.source: not the address of a web page/ },
  { name: 'data: URL as target source', bytes: () => utf8(JSON.stringify({ ...raw(1), target: { source: 'data:text/html,<script>alert(1)</script>', selector: { type: 'TextQuoteSelector', exact: 'x' } } })), message: /target\.source: not the address of a web page/ },
  { name: 'wrong @context on the collection', bytes: () => utf8(collection([raw(1)], { '@context': 'https://schema.org/' })), message: /the file's "@context" is "https:\/\/schema.org\/", not the W3C Web Annotation context/ },
  { name: 'wrong @context on one annotation', bytes: () => utf8(collection([raw(1), { ...raw(2), '@context': { foo: 'bar' } }])), message: /note 2 \(index 1\), "@context" is \{"foo":"bar"\}, not the W3C/ },
  {
    name: 'negative offset',
    bytes: () => utf8(collection([{ ...raw(1), target: { source: CHART, selector: [{ type: 'TextQuoteSelector', exact: 'x' }, { type: 'TextPositionSelector', start: -5, end: 3 }] } }])),
    message: /target\.selector\.1\.start: .*>=0/,
  },
  {
    name: 'huge offset',
    bytes: () => utf8(collection([{ ...raw(1), target: { source: CHART, selector: [{ type: 'TextQuoteSelector', exact: 'x' }, { type: 'TextPositionSelector', start: 0, end: 1e300 }] } }])),
    message: /target\.selector\.1\.end: .*<=2147483648/,
  },
  {
    name: 'start after end',
    bytes: () => utf8(collection([{ ...raw(1), target: { source: CHART, selector: [{ type: 'TextQuoteSelector', exact: 'x' }, { type: 'TextPositionSelector', start: 9, end: 3 }] } }])),
    message: /start is after end/,
  },
  { name: 'collection total does not match', bytes: () => utf8(collection([raw(1), raw(2)], { total: 3 })), message: /says it holds 3 notes but has 2: the file may be cut short/ },
  { name: 'collection paged by address', bytes: () => utf8(JSON.stringify({ type: 'AnnotationCollection', total: 5, first: 'https://example.org/page1' })), message: /pages given by address are not supported/ },
  { name: 'two quote selectors', bytes: () => utf8(JSON.stringify({ ...raw(1), target: { source: CHART, selector: [{ type: 'TextQuoteSelector', exact: 'a' }, { type: 'TextQuoteSelector', exact: 'b' }] } })), message: /needs exactly one TextQuoteSelector/ },
  { name: 'a quote of 30,000 characters', bytes: () => utf8(JSON.stringify({ ...raw(1), target: { source: CHART, selector: { type: 'TextQuoteSelector', exact: 'q'.repeat(30_000) } } })), message: /target\.selector\.exact: Invalid length: Expected <=20000 but received 30000/ },
  {
    name: 'one bad note among a hundred',
    bytes: () => utf8(collection(Array.from({ length: 100 }, (_, i) => (i === 56 ? { ...raw(i), body: 'not a body' } : raw(i))))),
    message: /1 of 100 notes are not valid\. note 57 \(index 56\), body/,
  },
  { name: '__proto__ keys', bytes: () => utf8('{"__proto__":{"type":"Annotation","polluted":true}}'), message: /"type" is missing or unknown/ },
  { name: 'deeply nested arrays', bytes: () => utf8(`${'['.repeat(200_000)}${']'.repeat(200_000)}`), message: /note 1 \(index 0\), expected an annotation \(an object\) but found a list/ },
];

describe('bad notes files', () => {
  // Builds files of up to 50 MB: slow on a busy machine.
  it(`refuses ${BAD_FILES.length} malformed files, each with a clear message, changing nothing`, { timeout: 60_000 }, async () => {
    const before = await exportAll();
    const messages: Record<string, string> = {};
    for (const file of BAD_FILES) {
      const outcome = await importBytes(file.bytes());
      expect(outcome.ok, file.name).toBe(false);
      const error = (outcome as { error: string }).error;
      messages[file.name] = error;
      expect(error, file.name).toMatch(file.message);
      expect(error.length, file.name).toBeLessThan(1_000);
      expect(await exportAll(), file.name).toBe(before);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(messages)).toHaveLength(BAD_FILES.length);
  });

  it('checks the byte size before reading, and the text size in the background', async () => {
    expect(fileSizeProblem(MAX_IMPORT_BYTES)).toBeNull();
    expect(fileSizeProblem(MAX_IMPORT_BYTES + 1)).toMatch(/notes files up to 20\.0 MB/);
    await expect(handlers()['notes:import']({ type: 'notes:import', text: ' '.repeat(MAX_IMPORT_BYTES + 1) }, options())).rejects.toThrow(/too large/);
  });
});

describe('odd but good notes files', () => {
  const storedBefore = async () => {
    const items = (JSON.parse(await exportAll()) as { first: { items: Annotation[] } }).first.items;
    return STORED.map((a) => items.find((i) => i.id === a.id));
  };

  it('imports UTF-8 with a byte-order mark and UTF-16 with one', async () => {
    const files = [
      Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(collection([raw(1)]))]),
      utf16(collection([raw(2), { ...raw(3), body: { type: 'TextualBody', value: '钾 3.1 — 低钾血症 🧪', purpose: 'commenting' } }]), 'le', true),
      utf16(collection([raw(4)]), 'be', true),
    ];
    const summaries = [];
    for (const bytes of files) summaries.push(await importBytes(bytes));
    expect(summaries.map((s) => (s.ok ? s.summary.added : s.error))).toEqual([1, 2, 1]);
    expect(await storedBefore()).toEqual(STORED);
    const list = await handlers()['notes:list']({ type: 'notes:list' }, options());
    expect(list.map((a) => a.body[0]!.value)).toContain('钾 3.1 — 低钾血症 🧪');
  });

  it('keeps the newer of duplicate ids in one file and says so', async () => {
    const older = raw(1);
    const newer = { ...raw(1), modified: '2025-04-01T00:00:00Z', body: { type: 'TextualBody', value: 'the newer copy', purpose: 'commenting' } };
    const outcome = await importBytes(utf8(collection([newer, older])));
    expect(outcome).toEqual({ ok: true, summary: { added: 1, updated: 0, skipped: 0, deleted: 0, duplicates: 1 } });
    const list = await handlers()['notes:list']({ type: 'notes:list' }, options());
    expect(list.filter((a) => a.id === older.id).map((a) => a.body[0]!.value)).toEqual(['the newer copy']);
  });

  it('imports markup in every field as text, exactly as written', async () => {
    const hostile = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: `urn:x:${markup}`,
      type: 'Annotation',
      created: '2025-03-01T10:00:00Z',
      modified: '2025-03-01T10:00:00Z',
      body: [
        { type: 'TextualBody', value: `note ${markup}`, purpose: 'commenting' },
        { type: 'TextualBody', value: '<b onmouseover=alert(3)>tag</b>', purpose: 'tagging' },
      ],
      target: {
        source: 'https://ehr.example.org/patient/9/chart?q=%3Cscript%3E',
        selector: [
          { type: 'TextQuoteSelector', exact: `quote ${markup}`, prefix: `</textarea>${markup}`, suffix: '<!--' },
          { type: 'RangeSelector', startSelector: { type: 'XPathSelector', value: '/html[1]/body[1]/p[1]/text()[1]' }, endSelector: { type: 'XPathSelector', value: "/p[@onclick='x']" } },
        ],
      },
    };
    const outcome = await importBytes(utf8(JSON.stringify(hostile)));
    expect(outcome).toMatchObject({ ok: true, summary: { added: 1 } });
    const stored = (await handlers()['notes:list']({ type: 'notes:list' }, options())).find((a) => a.id === hostile.id)!;
    const { '@context': _context, ...asStored } = hostile;
    expect(stored).toEqual({ ...asStored, body: hostile.body, target: hostile.target });
    expect(await storedBefore()).toEqual(STORED);
  });

  it('leaves a note deleted here deleted when an older copy is imported, and says so', async () => {
    await handlers()['notes:delete']({ type: 'notes:delete', id: STORED[0]!.id }, options());
    const outcome = await importBytes(utf8(exportNotesFile([STORED[0]!, note('new one')])));
    expect(outcome).toEqual({ ok: true, summary: { added: 1, updated: 0, skipped: 0, deleted: 1, duplicates: 0 } });
    const ids = (await handlers()['notes:list']({ type: 'notes:list' }, options())).map((a) => a.id);
    expect(ids).not.toContain(STORED[0]!.id);
  });
});
