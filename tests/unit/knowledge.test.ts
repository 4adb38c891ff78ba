// The knowledge base's conventions, enforced: every file valid and named after its id, the
// required concepts present with Chinese names, no accidental shared aliases, citations that
// exist — and, where the seed text is at hand (../shared/, absent from a user's clone), that
// citations point at sentences about the concept and that no wording was copied from it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KnowledgeError, compileKnowledge, parseEntry, parseSources } from '../../knowledge/compile';
import { createDetector } from '../../lib/detect';
import type { Entry } from '../../lib/knowledge-schema';
import { lookupKey } from '../../lib/lookup-key';
import { splitSentences } from '../../lib/sentences';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRIES_DIR = join(ROOT, 'knowledge', 'entries');
const SOURCES_FILE = join(ROOT, 'knowledge', 'sources.json');

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const entryFiles = readdirSync(ENTRIES_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ file: `knowledge/entries/${name}`, raw: readJson(join(ENTRIES_DIR, name)) }));
const sourcesFile = { file: 'knowledge/sources.json', raw: readJson(SOURCES_FILE) };
const sources = parseSources(sourcesFile.file, sourcesFile.raw);
const entries: Entry[] = entryFiles.map(({ file, raw }) => parseEntry(file, raw));

const REQUIRED_IDS = [
  'tace',
  'embolization',
  'hepatic-artery-embolization',
  'bronchial-artery-embolization',
  'internal-iliac-artery-embolization',
  'embolic-agent',
  'gelatin-sponge',
  'iodized-oil',
  'pva-particles',
  'interventional-chemotherapy',
  'systemic-chemotherapy',
  'plasma-protein-binding',
  'hepatocellular-carcinoma',
  'sandwich-treatment',
  'collateral-circulation',
  'traditional-chinese-medicine',
];

/** Names deliberately carried by more than one entry, with the reason. Keep it short. */
const SHARED_ALIASES: Record<string, string> = {};

const CJK = /\p{Script=Han}/u;
const namesOf = (entry: Entry) => [entry.term, ...entry.aliases];
const citations = (entry: Entry) => [...entry.sources, ...entry.facts.flatMap((fact) => fact.sources)];

describe('knowledge entries', () => {
  it('each file parses against the schema and is named after its id', () => {
    expect(entryFiles.length).toBeGreaterThan(0);
    entryFiles.forEach(({ file }, i) => expect(basename(file)).toBe(`${entries[i]?.id}.json`));
  });

  it('compiles as a whole: unique ids, known related ids, cited sentences in range', () => {
    const compiled = compileKnowledge(entryFiles, sourcesFile);
    expect(compiled.entries.map((e) => e.id)).toEqual(entries.map((e) => e.id).sort());
    expect(compiled.aliasTable.ids).toHaveLength(entries.length);
  });

  it('contains every required concept', () => {
    const ids = new Set(entries.map((e) => e.id));
    expect(REQUIRED_IDS.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('gives every entry at least one Chinese name', () => {
    expect(entries.filter((e) => !e.aliases.some((a) => CJK.test(a))).map((e) => e.id)).toEqual([]);
  });

  it('relates entries only to other existing entries', () => {
    const ids = new Set(entries.map((e) => e.id));
    for (const entry of entries) {
      expect(entry.related.filter((id) => !ids.has(id) || id === entry.id), entry.id).toEqual([]);
      expect(new Set(entry.related).size, `${entry.id}: related has duplicates`).toBe(entry.related.length);
    }
  });

  it('does not repeat the term or an alias within an entry', () => {
    // The matcher folds case, hyphens and spaces but keeps "chemo-embolization" and
    // "chemoembolization" apart, so only names equal under that folding are repeats.
    const fold = (name: string) => name.toLowerCase().replace(/[\s\u00a0\u2010-\u2015-]+/gu, ' ').trim();
    for (const entry of entries) {
      const keys = namesOf(entry).map(fold);
      expect(keys.filter((key, i) => keys.indexOf(key) !== i), entry.id).toEqual([]);
    }
  });

  it('shares no alias between entries unless the allow-list says why', () => {
    const owners = new Map<string, Set<string>>();
    for (const entry of entries)
      for (const name of namesOf(entry)) {
        const key = lookupKey(name);
        owners.set(key, (owners.get(key) ?? new Set()).add(entry.id));
      }
    const shared = [...owners].filter(([, ids]) => ids.size > 1).map(([key, ids]) => `${key}: ${[...ids].join(', ')}`);
    expect(shared.filter((line) => !(line.split(':')[0]! in SHARED_ALIASES))).toEqual([]);
    // An allow-list line whose alias is no longer shared is stale.
    expect(Object.keys(SHARED_ALIASES).filter((key) => (owners.get(key)?.size ?? 0) < 2)).toEqual([]);
  });

  it('cites only sentences that exist in the recorded source documents', () => {
    for (const entry of entries)
      for (const ref of citations(entry)) {
        const doc = sources[ref.doc];
        expect(doc, `${entry.id} cites unknown document ${ref.doc}`).toBeDefined();
        for (const n of ref.sentences) expect(n, `${entry.id} cites ${ref.doc} sentence ${n}`).toBeLessThanOrEqual(doc?.sentenceCount ?? 0);
      }
  });

  it('describes each ambiguous alias with context, and abbreviations with the long forms that confirm them', () => {
    for (const entry of entries)
      for (const rule of entry.ambiguous) {
        expect(namesOf(entry), `${entry.id}: ambiguous alias`).toContain(rule.alias);
        expect(rule.context.length, `${entry.id}: ${rule.alias}`).toBeGreaterThan(0);
        if (/^[A-Z][A-Z0-9]{1,5}$/.test(rule.alias)) expect(rule.expansions.length, `${entry.id}: ${rule.alias} needs expansions`).toBeGreaterThan(0);
      }
  });

  it('lists only look-alikes that touch a real alias (contain one, or overlap its start)', () => {
    const allNames = entries.flatMap(namesOf).map(lookupKey);
    const touches = (blocked: string, name: string) => {
      if (blocked.includes(name)) return true;
      for (let k = 2; k < Math.min(blocked.length, name.length); k++) if (blocked.endsWith(name.slice(0, k))) return true;
      return false;
    };
    const dead = entries.flatMap((e) => e.notAliases.filter((text) => !allNames.some((name) => touches(lookupKey(text), name))));
    expect(dead).toEqual([]);
  });
});

// Each source document the project records is expected at ../shared/seeds/<id>.txt while developing.
const seedPath = (doc: string) => join(ROOT, '..', 'shared', 'seeds', `${doc}.txt`);
const seeds = new Map(
  Object.keys(sources)
    .filter((doc) => existsSync(seedPath(doc)))
    .map((doc) => [doc, readFileSync(seedPath(doc), 'utf8')]),
);
const seedsPresent = seeds.size === Object.keys(sources).length;
if (!seedsPresent) console.info('knowledge.test: ../shared/seeds/ is absent (a normal clone); skipping the checks against the source texts.');

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const STOPWORDS = new Set(['the', 'and', 'for', 'with', 'from', 'into', 'other']);
/** Loose stems of an entry's Latin names ("embolization" → "embol"): enough to tell a sentence about it. */
function keyStems(entry: Entry): string[] {
  const stems = namesOf(entry)
    .filter((name) => !CJK.test(name))
    .flatMap((name) => words(name.replace(/([a-z])([A-Z])/g, '$1 $2')))
    .filter((w) => w.length >= 3 && !STOPWORDS.has(w))
    .map((w) => w.slice(0, 5));
  return [...new Set(stems)];
}

describe.skipIf(!seedsPresent)('knowledge entries against the source texts in ../shared/seeds/', () => {
  it('records the same sentence count as lib/sentences.ts finds', () => {
    for (const [doc, text] of seeds) expect(splitSentences(text).length, doc).toBe(sources[doc]?.sentenceCount);
  });

  it('cites, for every summary and fact, sentences that mention the concept', () => {
    const misplaced: string[] = [];
    for (const entry of entries) {
      const stems = keyStems(entry);
      for (const ref of citations(entry)) {
        const sentences = splitSentences(seeds.get(ref.doc) ?? '');
        for (const n of ref.sentences) {
          const sentenceWords = words(sentences[n - 1] ?? '');
          if (!stems.some((stem) => sentenceWords.some((w) => w.startsWith(stem)))) misplaced.push(`${entry.id} → ${ref.doc} #${n}`);
        }
      }
    }
    expect(misplaced).toEqual([]);
  });

  it('words summaries and facts in the project’s own words (no run of 8 words copied from a source)', () => {
    const RUN = 8;
    const sourceRuns = new Set<string>();
    for (const text of seeds.values()) {
      const w = words(text);
      for (let i = 0; i + RUN <= w.length; i++) sourceRuns.add(w.slice(i, i + RUN).join(' '));
    }
    const copied: string[] = [];
    for (const entry of entries) {
      const texts = [entry.summary, ...entry.facts.flatMap((f) => [f.label, ...(Array.isArray(f.value) ? f.value : [f.value])])];
      for (const text of texts) {
        const w = words(text);
        for (let i = 0; i + RUN <= w.length; i++) {
          const run = w.slice(i, i + RUN).join(' ');
          if (sourceRuns.has(run)) copied.push(`${entry.id}: "${run}"`);
        }
      }
    }
    expect(copied).toEqual([]);
  });

  it('recognises the source’s own wording of the concepts it names', () => {
    const compiled = compileKnowledge(entryFiles, sourcesFile);
    const found = new Set(createDetector(compiled.aliasTable).detect(seeds.get('interventional-chemotherapy') ?? '').flatMap((d) => d.entryIds));
    // The seed never names TACE, and writes “sandwich” treatment with quotes inside the phrase.
    const named = REQUIRED_IDS.filter((id) => id !== 'tace' && id !== 'sandwich-treatment');
    expect(named.filter((id) => !found.has(id))).toEqual([]);
  });
});

describe('knowledge compile errors', () => {
  const doc = 'interventional-chemotherapy';
  const valid = {
    id: 'test-entry',
    term: 'Test entry',
    aliases: ['测试条目'],
    category: 'concept',
    summary: 'An entry made up for this test.',
    sources: [{ doc, sentences: [1] }],
  };
  const file = 'knowledge/entries/test-entry.json';
  const compileOne = (...raws: unknown[]) =>
    compileKnowledge(
      raws.map((raw, i) => ({ file: `knowledge/entries/e${i}.json`, raw })),
      sourcesFile,
    );
  const problemsOf = (run: () => unknown): { file: string; problems: string[]; message: string } => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(KnowledgeError);
      const { file: f, problems, message } = error as KnowledgeError;
      return { file: f, problems, message };
    }
    throw new Error('expected a KnowledgeError');
  };

  it('accepts the valid fixture, so the failures below are caused by the change they make', () => {
    expect(compileOne(valid).entries.map((e) => e.id)).toEqual(['test-entry']);
  });

  it('names the file and the field path of a malformed entry', () => {
    const broken = { ...valid, facts: [{ label: 'Potency', value: '2–22×', sources: [] }] };
    const error = problemsOf(() => parseEntry(file, broken));
    expect(error.file).toBe(file);
    expect(error.problems).toEqual(['facts[0].sources: every fact needs a source']);
    expect(error.message).toContain('knowledge/entries/test-entry.json');
    expect(error.message).toContain('facts[0].sources: every fact needs a source');
  });

  it('names unknown fields, bad categories and bad ids', () => {
    const error = problemsOf(() => parseEntry(file, { ...valid, id: 'Test Entry', category: 'drug', sumary: 'typo' }));
    expect(error.problems.some((p) => p.startsWith('id: '))).toBe(true);
    expect(error.problems.some((p) => p.startsWith('category: '))).toBe(true);
    expect(error.problems.some((p) => p.includes('sumary'))).toBe(true);
  });

  it('rejects two entries with the same id, naming the second file', () => {
    const error = problemsOf(() => compileOne(valid, { ...valid, term: 'Other' }));
    expect(error.file).toBe('knowledge/entries/e1.json');
    expect(error.problems).toEqual(['id: "test-entry" is used by another entry']);
  });

  it('rejects a related id that no entry has', () => {
    const error = problemsOf(() => compileOne({ ...valid, related: ['no-such-entry'] }));
    expect(error.problems).toEqual(['related[0]: no entry has id "no-such-entry"']);
  });

  it('rejects a sentence number beyond the document and an unknown document', () => {
    const count = sources[doc]?.sentenceCount ?? 0;
    const facts = [{ label: 'L', value: 'V', sources: [{ doc: 'no-such-doc', sentences: [1] }] }];
    const error = problemsOf(() => compileOne({ ...valid, facts, sources: [{ doc, sentences: [1, count + 1] }] }));
    expect(error.problems).toEqual([
      `sources[0].sentences[1]: "${doc}" has ${count} sentences, not ${count + 1}`,
      'facts[0].sources[0].doc: unknown source "no-such-doc"',
    ]);
  });

  it('rejects an ambiguity rule for a name the entry does not carry, and a look-alike that is a name', () => {
    const error = problemsOf(() =>
      compileOne({ ...valid, ambiguous: [{ alias: 'TE', context: ['test'] }], notAliases: ['Test-Entry'] }),
    );
    expect(error.problems).toEqual([
      'ambiguous[0].alias: "TE" is not this entry\'s term or one of its aliases',
      'notAliases[0]: "Test-Entry" is a name of entry "test-entry"',
    ]);
  });
});
