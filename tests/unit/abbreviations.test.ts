import { describe, expect, it } from 'vitest';
import { findAbbreviationDefinitions, longFormStart } from '../../lib/abbreviations';
import { BLOCK_SEPARATOR } from '../../lib/matcher';
import { readCorpusText } from '../fixtures/dev-labels/corpus';

const pairs = (text: string) => findAbbreviationDefinitions(text).map((d) => [d.short, d.long]);

describe('findAbbreviationDefinitions (Schwartz & Hearst)', () => {
  it('finds "long form (SF)" and reports both spans', () => {
    const text = 'Levels of tumor necrosis factor-α converting enzyme (TACE) rose after surgery.';
    const [d] = findAbbreviationDefinitions(text);
    expect(d).toBeDefined();
    expect(d && text.slice(d.start, d.end)).toBe('TACE');
    expect(d && text.slice(d.longStart, d.longEnd)).toBe('tumor necrosis factor-α converting enzyme');
  });

  it('takes the shortest long form that spells the short form, its first letter at a word start', () => {
    expect(pairs('In patients with unresectable HCC, transarterial chemoembolization (TACE) is first line.')).toEqual([
      ['TACE', 'transarterial chemoembolization'],
    ]);
    expect(pairs('Drug Eluting Beads Transcatheter Chemoembolization (DEB-TACE) was used.')).toEqual([
      ['DEB-TACE', 'Drug Eluting Beads Transcatheter Chemoembolization'],
    ]);
    expect(pairs('Pressure-volume area (PVA) and patient-ventilator asynchrony (PVA) differ.')).toEqual([
      ['PVA', 'Pressure-volume area'],
      ['PVA', 'patient-ventilator asynchrony'],
    ]);
  });

  it('reads a Greek letter as its Latin initial', () => {
    expect(pairs('ADAM17, also called TNF-α converting enzyme (TACE), sheds TNF.')).toEqual([['TACE', 'TNF-α converting enzyme']]);
  });

  it('tries each side of "(TACE/ADAM17)" when the whole is no short form', () => {
    expect(pairs('Tumor necrosis factor-alpha converting enzyme (TACE/ADAM17) cleaves TNF.')).toEqual([['TACE', 'Tumor necrosis factor-alpha converting enzyme']]);
    expect(pairs('positron emission tomography/computed tomography (PET/CT)')).toEqual([['PET/CT', 'positron emission tomography/computed tomography']]);
  });

  it('finds "SF (long form)" when the whole parenthesis spells the short form', () => {
    expect(pairs('TACE (Transarterial Chemo Embolization) has improved survival.')).toEqual([['TACE', 'Transarterial Chemo Embolization']]);
    expect(pairs('HCC (a common cancer of the liver) is frequent.')).toEqual([]);
  });

  it('cuts a parenthesis at its first comma or semicolon', () => {
    expect(pairs('hepatocellular carcinoma (HCC; n = 40) and controls')).toEqual([['HCC', 'hepatocellular carcinoma']]);
  });

  it('leaves ordinary parentheses alone', () => {
    expect(pairs('The results (see below) were good (n = 30) in 2019 (ref. 4) (p < 0.05).')).toEqual([]);
    expect(pairs('an unrelated phrase (TACE)')).toEqual([]);
  });

  it('accepts full-width brackets and never reaches across a sentence or a block', () => {
    expect(pairs('采用 transarterial chemoembolization（TACE）治疗')).toEqual([['TACE', 'transarterial chemoembolization']]);
    expect(pairs(`transarterial chemoembolization${BLOCK_SEPARATOR}(TACE) was done`)).toEqual([]);
    expect(pairs('It was a transarterial procedure. Chemoembolization (TACE) followed.')).toEqual([]);
  });

  it('rejects a long form with unbalanced brackets', () => {
    expect(pairs('portal vein embolization (PVE) or ligation (PVL) were compared')).toEqual([['PVE', 'portal vein embolization']]);
  });

  it('longFormStart returns -1 when the letters cannot be spelled', () => {
    expect(longFormStart('TACE', 'gelatin sponge')).toBe(-1);
    expect(longFormStart('HCC', 'the hepatocellular carcinoma')).toBe(4);
  });
});

describe('findAbbreviationDefinitions on real trial descriptions', () => {
  const source = 'dev-positives/clinical-trials/NCT00652587.story';
  const text = readCorpusText(source);
  it.skipIf(text === undefined)(`finds the definitions in ${source}${text === undefined ? ' (skipped: ../shared/corpus not found)' : ''}`, () => {
    const found = findAbbreviationDefinitions(text ?? '');
    const byShort = new Map(found.map((d) => [d.short, d.long.toLowerCase()]));
    expect(byShort.get('HCC')).toBe('hepatocellular carcinoma');
    expect(byShort.get('TACE')).toBe('transcatheter arterial chemoembolization');
    expect(byShort.get('AASLD')).toBe('association for the study of liver diseases');
    for (const d of found) expect((text ?? '').slice(d.start, d.end)).toBe(d.short);
  });
});
