// A made-up personal glossary of any size, for the search bench and the search tests.
import type { Entry } from '../lib/knowledge-schema';

/** A deterministic glossary that looks like clinical vocabulary: multi-word terms, variant
 * spellings, abbreviations, a Chinese alias, a sentence or two of summary. */
export function syntheticGlossary(n: number): Entry[] {
  let seed = 42;
  const random = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const roots = ['cardio', 'hepato', 'nephro', 'neuro', 'angio', 'osteo', 'gastro', 'pneumo', 'hemato', 'onco', 'myo', 'vasculo', 'broncho', 'chole', 'cysto'];
  const middles = ['', 'my', 'path', 'plast', 'scler', 'trop', 'lith', 'stom', 'graph', 'cyt'];
  const endings = ['y', 'itis', 'oma', 'osis', 'ectomy', 'otomy', 'ia', 'ic agent', 'al stent', 'al infusion'];
  const words = ['arterial', 'venous', 'chronic', 'acute', 'catheter', 'infusion', 'embolic', 'tumour', 'dose', 'biopsy', 'contrast', 'guided', 'portal', 'renal', 'hepatic', 'particle', 'coil', 'balloon', 'stent', 'graft'];
  const han = ['动', '脉', '栓', '塞', '肝', '肾', '血', '管', '化', '疗', '支', '架', '导', '颗', '粒'];
  return Array.from({ length: n }, (_, i) => {
    const term = `${pick(roots)}${pick(middles)}${pick(endings)} ${pick(words)}`;
    const abbreviation = term
      .split(/\s+/)
      .map((w) => w[0]?.toUpperCase())
      .join('');
    const summary = Array.from({ length: 18 }, () => pick(words)).join(' ');
    return {
      id: `synthetic-${i}`,
      term,
      aliases: [term.replace(/y\b/, 'ie'), `${abbreviation}${i % 7}`, `${pick(words)} ${term}`, Array.from({ length: 4 }, () => pick(han)).join('')],
      category: 'concept',
      summary: `${summary[0]?.toUpperCase()}${summary.slice(1)}.`,
      facts: [],
      related: [],
      ambiguous: [],
      notAliases: [],
      sources: [],
    };
  });
}
