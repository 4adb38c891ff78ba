import { describe, expect, it } from 'vitest';
import { GLOSSARY_LIMITS, glossaryToJson, idFromTerm, importGlossaryFile, importGlossaryText, type ImportResult } from '../../lib/glossary-import';

const utf8 = (text: string) => new TextEncoder().encode(text);
const file = (name: string, text: string) => importGlossaryFile({ name, bytes: utf8(text) });

function errorsOf(result: ImportResult): string[] {
  if (result.ok) throw new Error(`expected the import to fail, it gave ${result.data.entries.length} entries`);
  return result.errors;
}

function dataOf(result: ImportResult) {
  if (!result.ok) throw new Error(`expected the import to succeed: ${result.errors.join('\n')}`);
  return result.data;
}

const entry = (over: Record<string, unknown> = {}) => ({
  id: 'hepatic-arterial-infusion',
  term: 'Hepatic arterial infusion chemotherapy',
  aliases: ['HAIC'],
  category: 'procedure',
  summary: 'Chemotherapy given through a catheter in the hepatic artery.',
  sources: [],
  ...over,
});

describe('good files', () => {
  it('imports a JSON array of entries in the knowledge schema, filling optional fields', () => {
    const data = dataOf(file('mine.json', JSON.stringify([entry()])));
    expect(data.entries).toEqual([{ ...entry(), facts: [], related: [], ambiguous: [], notAliases: [] }]);
    expect(data.sources).toEqual({});
  });

  it('imports { entries, sources } with citations, and related ids known to the extension', () => {
    const text = JSON.stringify({
      entries: [entry({ related: ['tace'], sources: [{ doc: 'unit-protocol', sentences: [2] }] })],
      sources: { 'unit-protocol': { title: 'Ward 5 TACE protocol', origin: 'Hospital intranet, 2024', sentenceCount: 12 } },
    });
    const data = dataOf(importGlossaryText('protocol.json', text, { knownIds: new Set(['tace']) }));
    expect(data.entries[0]?.related).toEqual(['tace']);
    expect(data.sources).toEqual({ 'unit-protocol': { title: 'Ward 5 TACE protocol', origin: 'Hospital intranet, 2024', sentenceCount: 12 } });
  });

  it('imports CSV with a byte-order mark, CRLF lines, quoted newlines and commas, ; and | alias separators and Chinese', () => {
    const csv =
      '\uFEFFterm,aliases,summary,source\r\n' +
      'Microspheres,"Bland microspheres; calibrated microspheres|微球","Spherical embolic particles.\r\nSized in micrometres, e.g. 100–300 µm.",Formulary 2024\r\n' +
      '明胶海绵颗粒,gelatin sponge particles,Gelatin sponge cut into particles.,\r\n';
    const data = dataOf(file('glossary.csv', csv));
    const sourceId = data.entries[0]?.sources[0]?.doc ?? '';
    expect(data.entries).toEqual([
      {
        id: 'microspheres',
        term: 'Microspheres',
        aliases: ['Bland microspheres', 'calibrated microspheres', '微球'],
        category: 'concept',
        summary: 'Spherical embolic particles.\r\nSized in micrometres, e.g. 100–300 µm.',
        facts: [],
        related: [],
        ambiguous: [],
        notAliases: [],
        sources: [{ doc: sourceId, sentences: [1] }],
      },
      {
        id: idFromTerm('明胶海绵颗粒'),
        term: '明胶海绵颗粒',
        aliases: ['gelatin sponge particles'],
        category: 'concept',
        summary: 'Gelatin sponge cut into particles.',
        facts: [],
        related: [],
        ambiguous: [],
        notAliases: [],
        sources: [],
      },
    ]);
    expect(data.sources).toEqual({ [sourceId]: { title: 'Formulary 2024', origin: 'Personal glossary (glossary.csv)', sentenceCount: 1 } });
  });

  it('reads semicolon-separated CSV (as European spreadsheets save it) with | between aliases, and category/id columns', () => {
    const csv = 'Term;Aliases;Summary;Category;Id\nEthiodized oil;Lipiodol|iodised oil;An oily contrast agent.;Agent;ethiodized-oil\n';
    const data = dataOf(file('export.csv', csv));
    expect(data.entries.map(({ id, term, aliases, category }) => ({ id, term, aliases, category }))).toEqual([
      { id: 'ethiodized-oil', term: 'Ethiodized oil', aliases: ['Lipiodol', 'iodised oil'], category: 'agent' },
    ]);
  });

  it('keeps markup in every field as plain text, byte for byte', () => {
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">x</a>';
    const data = dataOf(file('x.csv', `term,aliases,summary,source\n"${hostile.replaceAll('"', '""')}","${hostile.replaceAll('"', '""')}","${hostile.replaceAll('"', '""')}","${hostile.replaceAll('"', '""')}"\n`));
    const [only] = data.entries;
    expect(only?.term).toBe(hostile);
    expect(only?.summary).toBe(hostile);
    expect(only?.aliases).toEqual(['<img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">x</a>']);
    expect(Object.values(data.sources)[0]?.title).toBe(hostile);
  });

  it('re-imports its own export unchanged', () => {
    const first = dataOf(file('glossary.csv', 'term,aliases,summary,source\nMicrospheres,Bland microspheres,Spherical embolic particles.,Formulary 2024\n'));
    const again = dataOf(file('clinical-lens-glossary.json', glossaryToJson(first)));
    expect(again).toEqual(first);
  });

  it('gives the same id to the same term in every import, so re-importing updates instead of doubling', () => {
    expect(idFromTerm('Gelatin Sponge (Gelfoam®)')).toBe('gelatin-sponge-gelfoam');
    expect(idFromTerm('Émbolisation')).toBe('embolisation');
    expect(idFromTerm('明胶海绵')).toBe(idFromTerm(' 明胶海绵 '));
    expect(idFromTerm('明胶海绵')).toMatch(/^term-[0-9a-f]{8}$/);
    expect(idFromTerm('明胶海绵')).not.toBe(idFromTerm('碘化油'));
  });
});

describe('bad files: a clear message naming row and field, and no entries', () => {
  it('truncated JSON', () => {
    const text = JSON.stringify([entry()]).slice(0, 60);
    expect(errorsOf(file('mine.json', text))).toEqual(['The file is not valid JSON: it ends in the middle of the data (was it cut short?).']);
  });

  it('JSON with a syntax error, located by line and column', () => {
    const text = '[\n  {"id": "a", "term": "A"\n   "aliases": []}\n]';
    expect(errorsOf(file('mine.json', text))).toEqual(["The file is not valid JSON: Expected ',' or '}' after property value at line 3, column 4."]);
  });

  it('JSON that is not a list of entries', () => {
    expect(errorsOf(file('mine.json', '"TACE"'))).toEqual(['The file must hold a list of entries, or an object with an "entries" list (and optionally "sources").']);
    expect(errorsOf(file('mine.json', '{"terms": []}'))).toEqual([
      'The file must hold a list of entries, or an object with an "entries" list (and optionally "sources"). It has "terms" instead.',
    ]);
    expect(errorsOf(file('mine.json', '[]'))).toEqual(['The file has no entries.']);
  });

  it('wrong types, named by entry and field', () => {
    const text = JSON.stringify([entry(), entry({ id: 'second', term: 42, aliases: 'HAIC', category: 'drug', sources: {} }), 'not an entry']);
    expect(errorsOf(file('mine.json', text))).toEqual([
      'Entry 2 (id “second”), term: must be text, not the number 42',
      'Entry 2 (id “second”), aliases: must be a list, not the text "HAIC"',
      'Entry 2 (id “second”), category: must be one of "procedure", "agent", "concept", "disease", "anatomy", "therapy", not "drug"',
      'Entry 2 (id “second”), sources: must be a list, not object',
      'Entry 3, entry: must be an object, not the text "not an entry"',
    ]);
  });

  it('missing fields, empty fields and unknown fields', () => {
    const { summary: _, ...noSummary } = entry();
    const text = JSON.stringify([noSummary, entry({ id: 'b', term: '   ', aliases: ['ok', ''] }), entry({ id: 'c', colour: 'red' })]);
    expect(errorsOf(file('mine.json', text))).toEqual([
      'Entry 1 (id “hepatic-arterial-infusion”), summary: is missing',
      'Entry 2 (id “b”), term: must not be empty',
      'Entry 2 (id “b”), aliases[1]: must not be empty',
      'Entry 3 (id “c”), entry: unknown field "colour" (the fields are id, term, aliases, category, summary, facts, related, ambiguous, notAliases, sources)',
    ]);
  });

  it('duplicate ids in JSON', () => {
    const text = JSON.stringify([entry(), entry({ term: 'HAIC again' })]);
    expect(errorsOf(file('mine.json', text))).toEqual([
      'Entry 2 (id “hepatic-arterial-infusion”), id: "hepatic-arterial-infusion" is also the id of Entry 1 (id “hepatic-arterial-infusion”); ids must be unique',
    ]);
  });

  it('citations of undeclared sources or sentences, and related entries that do not exist', () => {
    const text = JSON.stringify({
      entries: [entry({ related: ['tace', 'nowhere'], sources: [{ doc: 'unit-protocol', sentences: [2, 30] }, { doc: 'missing-doc', sentences: [1] }] })],
      sources: { 'unit-protocol': { title: 'Ward 5 TACE protocol', origin: 'Intranet', sentenceCount: 12 } },
    });
    expect(errorsOf(importGlossaryText('mine.json', text, { knownIds: new Set(['tace']) }))).toEqual([
      'Entry 1 (id “hepatic-arterial-infusion”), related[1]: no entry has the id "nowhere"',
      'Entry 1 (id “hepatic-arterial-infusion”), sources[0].sentences[1]: source "unit-protocol" has 12 sentences, not 30',
      'Entry 1 (id “hepatic-arterial-infusion”), sources[1].doc: the file declares no source "missing-doc" (add it under "sources")',
    ]);
  });

  it('a malformed source declaration', () => {
    const text = JSON.stringify({ entries: [entry()], sources: { 'Unit Protocol': { title: 'x', origin: 'y', sentenceCount: 0 } } });
    expect(errorsOf(file('mine.json', text))).toEqual([
      'Source “Unit Protocol”: the id must be lowercase words joined by hyphens, e.g. "hospital-formulary"',
      'Source “Unit Protocol”, sentenceCount: must be at least 1, not 0',
    ]);
  });

  it('non-UTF-8 bytes and UTF-16 files', () => {
    const latin1 = Uint8Array.from([...utf8('term,aliases,summary,source\nEmbolisation,,R'), 0xe9, ...utf8('sum\n')]);
    expect(errorsOf(importGlossaryFile({ name: 'latin1.csv', bytes: latin1 }))).toEqual([
      'The file is not UTF-8 text (it may be in another encoding, or not text at all). Save it as UTF-8 (in Excel: “CSV UTF-8”) and import it again.',
    ]);
    const utf16 = Uint8Array.from([0xff, 0xfe, ...[...'term,summary\n'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(errorsOf(importGlossaryFile({ name: 'excel.csv', bytes: utf16 }))).toEqual([
      'The file is saved as UTF-16 text. Save it as UTF-8 (in Excel: “CSV UTF-8”) and import it again.',
    ]);
  });

  it('a 50 MB file, refused before it is read', () => {
    const huge = new Uint8Array(50 * 1024 * 1024).fill(0x20);
    expect(errorsOf(importGlossaryFile({ name: 'huge.json', bytes: huge }))).toEqual(['The file is 50.0 MB; a glossary file can be at most 5.0 MB.']);
  });

  it('100,000 entries', () => {
    const csv = `term,summary\n${Array.from({ length: 100_000 }, (_, i) => `t${i},s`).join('\n')}`;
    expect(errorsOf(file('many.csv', csv))).toEqual([
      'The file has 100,000 entries; a glossary can hold at most 10,000. Split it, or keep the entries you use.',
    ]);
  });

  it('empty files and a header without rows', () => {
    expect(errorsOf(file('empty.csv', '\uFEFF  \n'))).toEqual(['The file is empty.']);
    expect(errorsOf(file('header.csv', 'term,aliases,summary,source\n'))).toEqual(['The file has a header row but no entries.']);
  });

  it('CSV header problems: a missing column, an unknown one, a repeated one', () => {
    expect(errorsOf(file('g.csv', 'term,aliasses,term\nTACE,x,y\n'))).toEqual([
      'Header row: unknown column “aliasses” (the columns are term, aliases, summary, source, category, id)',
      'Header row: the column "term" appears twice',
      'Header row: the column "summary" is missing (the first row must name the columns: term, aliases, summary, source, category, id)',
    ]);
  });

  it('CSV with an unclosed quote or a row with too many fields', () => {
    expect(errorsOf(file('g.csv', 'term,aliases,summary,source\nTACE,,"Chemo\nembolization,src\n'))).toEqual([
      'Row 2: a quoted field is never closed (a closing " is missing)',
    ]);
    expect(errorsOf(file('g.csv', 'term,aliases,summary,source\nCoil,,A metal coil.,\nPlug,,,\n"Glue,,Liquid embolic.,\n'))).toEqual([
      'Row 4: a quoted field is never closed (a closing " is missing)',
    ]);
    expect(errorsOf(file('g.csv', 'term,aliases,summary,source\nTACE,,ok,src\nPVA,polyvinyl alcohol, particles,used,src\n'))).toEqual([
      "Row 3: the row has more fields than the header's 4 (a field containing the separator must be in quotes)",
    ]);
  });

  it('CSV rows with missing values, a bad category and duplicate terms, each named by row, term and column', () => {
    const csv = [
      'term,aliases,summary,source,category',
      'Gelfoam,,Absorbable gelatin sponge.,,agent',
      ',orphan alias,No term here.,,',
      'PVA particles,,,,agent',
      'Iodized oil,Lipiodol,Oily contrast.,,medicine',
      'gelfoam,,Again.,,agent',
    ].join('\n');
    expect(errorsOf(file('g.csv', csv))).toEqual([
      'Row 3, term: must not be empty',
      'Row 4 (term “PVA particles”), summary: must not be empty',
      'Row 5 (term “Iodized oil”), category: must be one of procedure, agent, concept, disease, anatomy, therapy',
    ]);
    const duplicates = ['term,summary', 'Gelfoam,Absorbable gelatin sponge.', 'gelfoam,Again.'].join('\n');
    expect(errorsOf(file('g.csv', duplicates))).toEqual([
      'Row 3 (term “gelfoam”), term: is the same entry (id "gelfoam") as Row 2 (term “Gelfoam”); merge the two rows or give one an id column',
    ]);
  });

  it('fields over the size limits', () => {
    const long = 'x'.repeat(GLOSSARY_LIMITS.maxSummaryLength + 1);
    const text = JSON.stringify([entry({ summary: long, aliases: ['y'.repeat(201)] })]);
    expect(errorsOf(file('mine.json', text))).toEqual([
      'Entry 1 (id “hepatic-arterial-infusion”), aliases[0]: is 201 characters long; at most 200',
      'Entry 1 (id “hepatic-arterial-infusion”), summary: is 4,001 characters long; at most 4,000',
    ]);
  });

  it('lists the first 20 problems and counts the rest', () => {
    const csv = `term,summary\n${Array.from({ length: 50 }, (_, i) => `t${i},`).join('\n')}`;
    const errors = errorsOf(file('g.csv', csv));
    expect(errors).toHaveLength(21);
    expect(errors[0]).toBe('Row 2 (term “t0”), summary: must not be empty');
    expect(errors[20]).toBe('…and 30 more problems');
  });
});
