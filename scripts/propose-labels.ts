// Proposes candidate spans for hand-labelling detection quality (tests/fixtures/dev-labels/):
// everything the matcher or the detector marks, plus a broad net of spellings and look-alikes
// they may miss. A proposal is not a label: every line is to be read and decided by a person.
//   npx tsx scripts/propose-labels.ts SOURCE...   (paths relative to ../shared/corpus;
//   "dev-positives/mtsamples.dev.csv#2698" picks one note of a CSV)
// Prints, per document, one line per candidate: start-end, matcher / detector verdicts, context.
import { loadCompiledKnowledge } from '../knowledge/vite-plugin';
import { createDetector } from '../lib/detect';
import { createMatcher } from '../lib/matcher';
import { readCorpusText } from '../tests/fixtures/dev-labels/corpus';

const NET = new RegExp(
  [
    String.raw`[\w-]*emboli[sz](?:ation|ations|ing|ed|e)\b`,
    String.raw`embolic (?:agent|material|particle)s?`,
    String.raw`hepato(?:cellular|ma|carcinoma)\w*(?: \w+)?`,
    String.raw`liver cell carcinoma`,
    String.raw`lipiodol\w*|ethiodi[sz]ed|ethiodol|iodi[sz]ed oil|iodine oil`,
    String.raw`gel ?foam|gelatine?\w*(?: \w+)?|spongostan|surgifoam`,
    String.raw`polyvinyl \w+|ivalon`,
    String.raw`collateral \w+`,
    String.raw`sandwich \w+`,
    String.raw`chinese (?:herbal )?medicine`,
    String.raw`protein[- ]binding`,
    String.raw`(?:intra-?arterial|transarterial|arterial infusion|hepatic arterial infusion|systemic|intravenous|i\.v\.|interventional) chemo\w*`,
    String.raw`[栓塞化疗明胶海绵碘油聚乙烯醇肝细胞癌中医侧支循环]{2,}`,
  ].join('|'),
  'gi',
);
/** Abbreviations are caught case-sensitively, so "haemorrhage" is not HAE. */
const ABBREVIATIONS = /\b[A-Za-z-]*(?:TACE|HCC|TCM|PVA|TAE|HAE|BAE|IIAE)\w*/g;

const { aliasTable } = loadCompiledKnowledge();
const matcher = createMatcher(aliasTable);
const detector = createDetector(aliasTable);
const id = (entries: number[]) => entries.map((e) => aliasTable.ids[e]).join('|');

for (const source of process.argv.slice(2)) {
  const text = readCorpusText(source);
  if (text === undefined) {
    console.log(`# ${source}: not found`);
    continue;
  }
  const candidates = new Map<string, { start: number; end: number; plain: string; detected: string }>();
  const key = (start: number, end: number) => `${start}-${end}`;
  for (const m of matcher.find(text)) candidates.set(key(m.start, m.end), { start: m.start, end: m.end, plain: id(m.entries), detected: '-' });
  for (const d of detector.detect(text)) {
    const c = candidates.get(key(d.start, d.end));
    if (c) c.detected = `${d.entryIds.join('|')}:${d.confidence}`;
  }
  for (const m of [...text.matchAll(NET), ...text.matchAll(ABBREVIATIONS)]) {
    const start = m.index;
    const end = start + m[0].length;
    const overlaps = [...candidates.values()].some((c) => c.start < end && c.end > start);
    if (!overlaps) candidates.set(key(start, end), { start, end, plain: '?', detected: '?' });
  }
  console.log(`# ${source}`);
  for (const c of [...candidates.values()].sort((a, b) => a.start - b.start)) {
    const before = text.slice(Math.max(0, c.start - 70), c.start).replace(/\s+/g, ' ');
    const after = text.slice(c.end, c.end + 50).replace(/\s+/g, ' ');
    console.log(`${c.start}-${c.end}\t${c.plain}\t${c.detected}\t${before}[[${text.slice(c.start, c.end)}]]${after}`);
  }
}
