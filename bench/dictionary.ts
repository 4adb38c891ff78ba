// Synthetic dictionaries for the dictionary-scale test: N distinct aliases (phrases, single
// words, abbreviations, Chinese names, like the real knowledge base's), stored as the user's
// personal glossary with the alias table compiled from it, as the options page stores an import
// (platform/glossary-store.ts, through the same compileGlossaryTable()).
// Prefix-stable: the first entries are the same at every size, so the page holds the same
// mentions whatever the dictionary size, and only the dictionary changes.
import { compileGlossaryTable } from '../lib/glossary-table';
import type { Entry } from '../lib/knowledge-schema';
import { knowledgeStamp } from '../knowledge/compile';
import { loadCompiledKnowledge } from '../knowledge/vite-plugin';

const NAMES_PER_ENTRY = 5;

const ROOTS = ['cardio', 'hepato', 'nephro', 'neuro', 'angio', 'osteo', 'gastro', 'pneumo', 'hemato', 'onco', 'myo', 'vasculo', 'broncho', 'chole', 'cysto', 'dermato', 'encephalo', 'laparo', 'spleno', 'thoraco'];
const MIDDLES = ['', 'my', 'path', 'plast', 'scler', 'trop', 'lith', 'stom', 'graph', 'cyt', 'megal', 'phag'];
const ENDINGS = ['y', 'itis', 'oma', 'osis', 'ectomy', 'otomy', 'ia', 'ic', 'al', 'ism'];
const WORDS = ['arterial', 'venous', 'chronic', 'acute', 'catheter', 'infusion', 'embolic', 'tumour', 'dose', 'biopsy', 'contrast', 'guided', 'portal', 'renal', 'segmental', 'particle', 'coil', 'balloon', 'stent', 'graft', 'lobar', 'selective', 'bland', 'staged'];
const HAN = '动脉栓塞肝肾血管化疗支架导颗粒介入灌注微球碘油癌瘤门静段叶选择性'.split('');

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** `count` distinct names; every fifth is a multi-word phrase (the entries' preferred terms). */
function syntheticNames(count: number): string[] {
  const rand = random(2024);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const word = () => `${pick(ROOTS)}${pick(MIDDLES)}${pick(ENDINGS)}`;
  const kinds = [
    () => `${word()} ${pick(WORDS)}`,
    () => `${pick(WORDS)} ${word()} ${pick(WORDS)}`,
    word,
    () => `${Array.from({ length: 2 + Math.floor(rand() * 3) }, () => String.fromCharCode(65 + Math.floor(rand() * 26))).join('')}${Math.floor(rand() * 10)}`,
    () => Array.from({ length: 3 + Math.floor(rand() * 3) }, () => pick(HAN)).join(''),
  ];
  const names: string[] = [];
  const seen = new Set<string>();
  while (names.length < count) {
    const name = (kinds[names.length % kinds.length] as () => string)();
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    names.push(name);
  }
  return names;
}

export function syntheticEntries(aliasCount: number): Entry[] {
  const names = syntheticNames(aliasCount);
  const entries: Entry[] = [];
  for (let i = 0; i < names.length; i += NAMES_PER_ENTRY) {
    const [term, ...aliases] = names.slice(i, i + NAMES_PER_ENTRY) as [string, ...string[]];
    entries.push({
      id: `synthetic-${i / NAMES_PER_ENTRY}`,
      term,
      aliases,
      category: 'concept',
      summary: `A synthetic entry for the Clinical Lens benchmark (${term}).`,
      facts: [],
      related: [],
      ambiguous: [],
      notAliases: [],
      sources: [],
    });
  }
  return entries;
}

/** Terms that every synthetic dictionary of at least 100 aliases holds: the page mentions these. */
export function syntheticPageTerms(): string[] {
  return syntheticEntries(100).slice(0, 10).map((e) => e.term);
}

let builtIn: ReturnType<typeof loadCompiledKnowledge>['aliasTable'] | undefined;

/** The storage items the options page writes for a glossary of these entries. */
export function storedGlossary(entries: Entry[]): Record<string, unknown> {
  builtIn ??= loadCompiledKnowledge().aliasTable;
  const glossary = { entries, sources: {} };
  return { glossary, glossary$: { v: 1 }, glossaryTable: compileGlossaryTable(builtIn, knowledgeStamp(builtIn), glossary) };
}
