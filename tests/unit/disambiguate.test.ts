import { describe, expect, it } from 'vitest';
import { loadCompiledKnowledge } from '../../knowledge/vite-plugin';
import type { AliasTable } from '../../lib/alias-table';
import { createDetector, sameEvidence } from '../../lib/detect';
import { NEIGHBOURHOOD } from '../../lib/disambiguate';
import { looseWords } from '../../lib/expansion-match';
import { BLOCK_SEPARATOR, createMatcher } from '../../lib/matcher';

// A small table shaped like the compiled one, so the rules are tested apart from the knowledge.
const table: AliasTable = {
  ids: ['tace', 'hepatocellular-carcinoma', 'pva-particles', 'embolization', 'gelatin-sponge'],
  categories: ['procedure', 'disease', 'agent', 'procedure', 'agent'],
  aliases: [
    ['TACE', [0]],
    ['transarterial chemoembolization', [0]],
    ['chemoembolization', [0]],
    ['HCC', [1]],
    ['hepatocellular carcinoma', [1]],
    ['PVA', [2]],
    ['PVA particles', [2]],
    ['polyvinyl alcohol', [2]],
    ['embolization', [3]],
    ['embolisation', [3]],
    ['Gelfoam', [4]],
  ],
  ambiguous: [
    { alias: 'TACE', entry: 0, expansions: ['transcatheter arterial chemoembolization'], context: ['hepat', 'liver', 'lipiodol'], against: ['ADAM', 'converting enzyme'] },
    { alias: 'HCC', entry: 1, expansions: ['hepatocellular carcinoma'], context: ['liver', 'hepat'] },
    { alias: 'PVA', entry: 2, expansions: ['polyvinyl alcohol'], context: ['emboli', 'particle'], against: ['ventilat'] },
    { alias: 'Gelfoam', entry: 4, expansions: [], context: ['emboli', '栓塞'], against: ['hemosta'] },
  ],
  blocked: [],
  related: [[1, 3], [0], [3], [0, 2], [3]],
};
const detector = createDetector(table);
const found = (text: string) => detector.detect(text).map((d) => `${d.surface}=${d.entryIds.join('|')}:${d.confidence}`);

describe('ambiguous aliases need support', () => {
  it('drops an ambiguous alias with no support and keeps an unambiguous one', () => {
    expect(found('PVA was measured twice a day. Chemoembolization went well.')).toEqual(['Chemoembolization=tace:plain']);
    expect(found('PVA was measured twice a day.')).toEqual([]);
  });

  it('keeps it when a cue word is near, however written', () => {
    expect(found('PVA was injected until stasis; particles were 300 µm.')).toEqual(['PVA=pva-particles:context']);
    expect(found('TACE for Liver tumours')).toEqual(['TACE=tace:context']);
  });

  it('ignores cues beyond the neighbourhood and cue letters inside other words', () => {
    const far = `PVA was measured. ${'Nothing to see here. '.repeat(Math.ceil(NEIGHBOURHOOD / 20))} Particles came later.`;
    expect(found(far)).toEqual([]);
    expect(found('PVA was measured in the nonhepatic cohort.')).toEqual([]);
  });

  it('reads cues up to the edge of the neighbourhood, however far into a long text', () => {
    // Cues are searched only around ambiguous mentions: the search must still reach the edge.
    const filler = (length: number) => 'x'.repeat(length - 2).padStart(length - 1, ' ').padEnd(length, ' ');
    const at = (gap: number) => `${'Unrelated words. '.repeat(2000)}PVA${filler(gap)}particles.${filler(gap)}PVA${'. More words'.repeat(500)}`;
    expect(found(at(NEIGHBOURHOOD - 1))).toEqual(['PVA=pva-particles:context', 'PVA=pva-particles:context']);
    expect(found(at(NEIGHBOURHOOD + 1))).toEqual([]);
  });

  it('lets the nearest cue decide between this sense and another', () => {
    expect(found('TACE, a disintegrin (ADAM17) sheddase, is active in liver cells.')).toEqual([]);
    expect(found('TACE of the liver was done; months later, serum ADAM17 levels were measured.')).toEqual(['TACE=tace:context']);
    expect(found('Gelfoam was used for hemostasis.')).toEqual([]);
    expect(found('Embolization with Gelfoam pledgets followed.')).toEqual(['Embolization=embolization:plain', 'Gelfoam=gelatin-sponge:context']);
  });

  it('accepts support from an unambiguous mention of the same or a related entry anywhere on the page', () => {
    const head = 'Transarterial chemoembolization was performed in 2019.';
    const tail = `${' Many words follow.'.repeat(40)} TACE was repeated.`;
    expect(found(head + tail)).toEqual(['Transarterial chemoembolization=tace:plain', 'TACE=tace:context']);
    expect(found(`HCC was staged.${' Many words follow.'.repeat(40)} Chemoembolization was planned.`)).toEqual([
      'HCC=hepatocellular-carcinoma:context',
      'Chemoembolization=tace:plain',
    ]);
    expect(found(`HCC was staged.${' Many words follow.'.repeat(40)} Gelfoam was applied.`)).toEqual([]);
  });

  it('does not let page-level support override a nearby cue for another sense', () => {
    expect(found(`Polyvinyl alcohol particles are embolic.${' Many words follow.'.repeat(40)} PVA during mechanical ventilation rose.`)).toEqual([
      'Polyvinyl alcohol=pva-particles:plain',
    ]);
  });
});

describe('abbreviations the page defines', () => {
  it('confirms an alias whose page definition names the entry', () => {
    expect(found('Trans Arterial Chemo-Embolisation (TACE) was done. TACE was repeated.')).toEqual([
      'Embolisation=embolization:plain',
      'TACE=tace:defined',
      'TACE=tace:defined',
    ]);
    expect(found('patients treated by chemoembolization (TACE)')).toEqual(['chemoembolization=tace:plain', 'TACE=tace:defined']);
    expect(found('Microspheres of polyvinyl alcohols (PVA) were used.')).toEqual(['polyvinyl alcohols=pva-particles:plain', 'PVA=pva-particles:defined']);
  });

  it('unlinks an alias the page defines as something else, before and after the definition', () => {
    const text = 'TACE levels in liver tissue rose. Tumour necrosis factor-α converting enzyme (TACE) is a sheddase. Liver TACE fell.';
    expect(found(text)).toEqual([]);
    expect(detector.pageDefinitions(text).map((d) => [d.short, d.long, d.uses.length])).toEqual([['TACE', 'Tumour necrosis factor-α converting enzyme', 3]]);
  });

  it('unlinks even an unambiguous alias defined otherwise', () => {
    const t: AliasTable = { ...table, ambiguous: [] };
    const plain = createDetector(t);
    expect(plain.detect('Hair cortisol concentration (HCC) was measured; HCC rose.').map((d) => d.surface)).toEqual([]);
    expect(plain.detect('HCC rose.').map((d) => d.surface)).toEqual(['HCC']);
  });

  it('lets the nearest earlier definition govern when a page defines an alias twice', () => {
    const text = 'Pressure-volume area (PVA) fell. PVA was low. Later, polyvinyl alcohol (PVA) particles were injected. PVA worked.';
    expect(found(text)).toEqual(['polyvinyl alcohol=pva-particles:plain', 'PVA=pva-particles:defined', 'PVA=pva-particles:defined']);
  });

  it('returns the page glossary: definitions no entry explains, with every use', () => {
    const text = 'Radiofrequency ablation (RFA) and hepatocellular carcinoma (HCC). RFA was used; RFA-based care; RFAs.';
    const uses = [...text.matchAll(/\bRFA\b/g)].map((m) => ({ start: m.index, end: m.index + 3 }));
    expect(uses).toHaveLength(3);
    expect(detector.pageDefinitions(text)).toEqual([{ short: 'RFA', long: 'Radiofrequency ablation', start: 25, end: 28, longStart: 0, longEnd: 23, uses }]);
  });
});

describe('page evidence for part of a page', () => {
  const blocks = ['Transarterial chemoembolization (TACE) for liver cancer', 'Outcomes', 'TACE was repeated in 12 patients.', 'Pressure-volume area (PVA) was recorded. PVA rose.'];
  const page = blocks.join(BLOCK_SEPARATOR);

  it('decides a block alone the way the whole page decides it', () => {
    const evidence = detector.evidence(page);
    let offset = 0;
    const byBlock = blocks.flatMap((block) => {
      const here = detector.detect(block, { page: evidence }).map((d) => ({ ...d, start: d.start + offset, end: d.end + offset }));
      offset += block.length + 1;
      return here;
    });
    expect(byBlock).toEqual(detector.detect(page));
    expect(detector.detect(blocks[2] ?? '')).toEqual([]);
    expect(detector.detect(blocks[2] ?? '', { page: evidence }).map((d) => d.confidence)).toEqual(['defined']);
  });

  it('decides the same from mentions the caller matched once', () => {
    // The content script matches each chunk once and passes the mentions to both calls.
    const mentions = createMatcher(table).find(page);
    expect(detector.evidence(page, mentions)).toEqual(detector.evidence(page));
    expect(detector.detect(page, { mentions })).toEqual(detector.detect(page));
  });

  it('tells when a change to the page changes its evidence', () => {
    const evidence = detector.evidence(page);
    expect(sameEvidence(evidence, detector.evidence(`${page}${BLOCK_SEPARATOR}More TACE.`))).toBe(true);
    expect(sameEvidence(evidence, detector.evidence(`${page}${BLOCK_SEPARATOR}Hepatocellular carcinoma.`))).toBe(false);
    expect(sameEvidence(evidence, detector.evidence(page.replace('Pressure-volume area', 'Polyvinyl alcohol')))).toBe(false);
  });

  it('returns only detections within a span, still reading the whole text', () => {
    const start = page.indexOf('TACE was');
    expect(detector.detect(page, { within: { start, end: start + 40 } }).map((d) => [d.start, d.surface])).toEqual([[start, 'TACE']]);
  });
});

describe('loose comparison of long forms', () => {
  it('folds case, hyphens, British spelling and plurals', () => {
    expect(looseWords('Trans-arterial Chemo-Embolisations')).toEqual(looseWords('trans arterial chemo embolization'));
    expect(looseWords('Tumour of the oesophagi')).toEqual(looseWords('tumor of the esophagi'));
    expect(looseWords('Trans Arterial').join('')).toBe(looseWords('transarterial').join(''));
  });
});

describe('the shipped knowledge', () => {
  const { aliasTable, entries } = loadCompiledKnowledge();
  const real = createDetector(aliasTable);
  const ids = (text: string) => real.detect(text).map((d) => `${d.surface}=${d.entryIds.join('|')}`);

  it('declares ambiguity only for aliases of the entry itself', () => {
    for (const entry of entries)
      for (const { alias } of entry.ambiguous) expect([entry.term, ...entry.aliases].map((a) => a.toLowerCase()), `${entry.id}: ${alias}`).toContain(alias.toLowerCase());
  });

  it('tells the interventional senses from their look-alikes', () => {
    expect(ids('ADAM17, also known as TNF-α converting enzyme (TACE), releases soluble TNF.')).toEqual([]);
    expect(ids('Serum TACE activity and metalloproteinase shedding were higher in cirrhosis.')).toEqual([]);
    expect(ids('Patients with unresectable HCC received TACE with Lipiodol.')).toEqual([
      'HCC=hepatocellular-carcinoma',
      'TACE=tace',
      'Lipiodol=iodized-oil',
    ]);
    expect(ids('Patient-ventilator asynchrony (PVA) is frequent during mechanical ventilation; PVA was counted.')).toEqual([]);
    expect(ids('PVA was 20% higher after dobutamine, with unchanged ventricular elastance.')).toEqual([]);
    expect(ids('The feeding artery was embolized with 300-500 µm PVA particles until stasis; PVA was chosen for cost.')).toEqual([
      'PVA particles=pva-particles',
      'PVA=pva-particles',
    ]);
    expect(ids('BRCA1-deficient HCC1937 and HCC-1937 breast cancer cells were irradiated.')).toEqual([]);
    expect(ids('Hemostasis was obtained with bipolar cautery and thrombin-soaked Gelfoam.')).toEqual([]);
    expect(ids('Distal embolization of thrombus occurred during primary PCI.')).toEqual([]);
    expect(ids('Radioembolization with yttrium-90 microspheres was compared with chemoembolization.')).toEqual(['chemoembolization=tace']);
  });

  it('finds the Chinese names in running Chinese text with full-width punctuation', () => {
    const text =
      '患者男，58岁，诊断为原发性肝细胞癌（HCC）。经多学科讨论，行经导管肝动脉化疗栓塞术（TACE）：' +
      '以碘化油与表柔比星混合成乳剂，经导管注入肿瘤供血动脉，随后以明胶海绵颗粒栓塞；对侧支循环丰富者，加用聚乙烯醇颗粒。' +
      '与全身化疗相比，介入化疗的血浆蛋白结合率较低。术后配合中医药治疗，必要时采用“三明治”疗法。';
    const got = real.detect(text);
    for (const d of got) expect(text.slice(d.start, d.end)).toBe(d.surface);
    const entriesFound = new Set(got.flatMap((d) => d.entryIds));
    for (const id of [
      'hepatocellular-carcinoma',
      'tace',
      'iodized-oil',
      'gelatin-sponge',
      'collateral-circulation',
      'pva-particles',
      'systemic-chemotherapy',
      'interventional-chemotherapy',
      'plasma-protein-binding',
      'traditional-chinese-medicine',
    ])
      expect(entriesFound, id).toContain(id);
    expect(got.find((d) => d.surface === 'HCC')?.entryIds).toEqual(['hepatocellular-carcinoma']);
    expect(got.find((d) => d.surface === 'TACE')?.entryIds).toEqual(['tace']);
  });

  it('gives every required entry a Chinese name', () => {
    const required = [
      'tace', 'embolization', 'hepatic-artery-embolization', 'bronchial-artery-embolization', 'internal-iliac-artery-embolization', 'embolic-agent',
      'gelatin-sponge', 'iodized-oil', 'pva-particles', 'interventional-chemotherapy', 'systemic-chemotherapy', 'plasma-protein-binding',
      'hepatocellular-carcinoma', 'sandwich-treatment', 'collateral-circulation', 'traditional-chinese-medicine',
    ];
    for (const id of required) {
      const entry = entries.find((e) => e.id === id);
      expect(entry?.aliases.some((a) => /\p{Script=Han}/u.test(a)), id).toBe(true);
      const chinese = entry?.aliases.find((a) => /\p{Script=Han}/u.test(a)) ?? '';
      const sentence = `据报道，${chinese}。`;
      expect(real.detect(sentence).map((d) => d.entryIds), `${id}: ${chinese}`).toContainEqual([id]);
    }
  });
});
