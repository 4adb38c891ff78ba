import { describe, expect, it } from 'vitest';
import type { AliasTable } from '../../lib/alias-table';
import { BLOCK_SEPARATOR, createMatcher } from '../../lib/matcher';

// A table shaped like the compiled one, small enough to read: the rules, not the knowledge.
const table: AliasTable = {
  ids: ['tace', 'embolization', 'gelatin-sponge', 'pva-particles', 'hepatic-artery-embolization', 'hepatocellular-carcinoma', 'iodized-oil'],
  categories: ['procedure', 'procedure', 'agent', 'agent', 'procedure', 'disease', 'agent'],
  aliases: [
    ['TACE', [0]],
    ['transarterial chemoembolization', [0]],
    ['chemoembolization', [0]],
    ['经动脉化疗栓塞术', [0]],
    ['embolization', [1]],
    ['embolisation', [1]],
    ['栓塞', [1]],
    ['gelatin sponge', [2]],
    ['Gelfoam', [2]],
    ['明胶海绵', [2]],
    ['PVA particles', [3]],
    ['PVA', [3]],
    ['hepatic artery embolization', [4]],
    ['HCC', [5]],
    ['hepatocellular carcinoma', [5]],
    ['iodized oil', [6]],
    ['Lipiodol', [6]],
    ['embolic agents', [1, 2]],
  ],
  ambiguous: [],
  blocked: ['radioembolization', 'radio-embolization'],
};
const matcher = createMatcher(table);
const surfaces = (text: string) => matcher.find(text).map((m) => text.slice(m.start, m.end));
const ids = (text: string) => matcher.find(text).map((m) => m.entries.map((e) => table.ids[e]).join('|'));

describe('matcher', () => {
  it('finds every alias with UTF-16 offsets', () => {
    const text = 'Patients underwent TACE with Lipiodol and gelatin sponge for HCC.';
    const found = matcher.find(text);
    expect(found.map((m) => [m.start, m.end])).toEqual([
      [19, 23],
      [29, 37],
      [42, 56],
      [61, 64],
    ]);
    expect(ids(text)).toEqual(['tace', 'iodized-oil', 'gelatin-sponge', 'hepatocellular-carcinoma']);
  });

  it('matches short all-caps abbreviations case-sensitively and phrases case-insensitively', () => {
    expect(surfaces('tace and Tace are words; TACE is the procedure')).toEqual(['TACE']);
    expect(surfaces('pva glue, PVA PARTICLES, Iodized Oil, LIPIODOL')).toEqual(['PVA PARTICLES', 'Iodized Oil', 'LIPIODOL']);
  });

  it('keeps to word boundaries in Latin text', () => {
    expect(surfaces('HCC1937 cells, pre-HCC, HCCs, (HCC)')).toEqual(['HCC', 'HCCs', 'HCC']);
    expect(surfaces('chemoembolization is not embolization')).toEqual(['chemoembolization', 'embolization']);
    expect(ids('radioembolization and radio-embolization')).toEqual([]);
    expect(surfaces('microembolization, embolizations')).toEqual(['embolizations']);
  });

  it('prefers the longest match at the leftmost position and never overlaps', () => {
    expect(ids('after hepatic artery embolization')).toEqual(['hepatic-artery-embolization']);
    expect(surfaces('PVA particles were used')).toEqual(['PVA particles']);
    expect(ids('transarterial chemoembolization (TACE)')).toEqual(['tace', 'tace']);
  });

  it('folds hyphens, dashes, NBSP, line breaks and soft hyphens', () => {
    expect(surfaces('hepatic-artery embolization')).toEqual(['hepatic-artery embolization']);
    expect(surfaces('hepatic\u00a0artery\n   embolization')).toEqual(['hepatic\u00a0artery\n   embolization']);
    expect(surfaces('gelatin\u2010sponge and iod\u00adized oil')).toEqual(['gelatin\u2010sponge', 'iod\u00adized oil']);
    expect(surfaces('emboli\u00adzation')).toEqual(['emboli\u00adzation']);
  });

  it('folds simple plurals both ways', () => {
    expect(surfaces('gelatin sponges, TACEs, a PVA particle, an embolic agent')).toEqual(['gelatin sponges', 'TACEs', 'PVA particle', 'embolic agent']);
    expect(surfaces('hepatocellular carcinomas')).toEqual(['hepatocellular carcinomas']);
  });

  it('finds CJK aliases in running Chinese text without word boundaries', () => {
    const text = '患者行经动脉化疗栓塞术（TACE），栓塞剂为明胶海绵和碘化油。';
    expect(surfaces(text)).toEqual(['经动脉化疗栓塞术', 'TACE', '栓塞', '明胶海绵']);
  });

  it('never matches across a block separator', () => {
    expect(surfaces(`hepatic artery${BLOCK_SEPARATOR}embolization`)).toEqual(['embolization']);
    expect(surfaces(`gelatin${BLOCK_SEPARATOR}sponge`)).toEqual([]);
  });

  it('reports an alias shared by two entries with both', () => {
    expect(ids('Common embolic agents include')).toEqual(['embolization|gelatin-sponge']);
  });

  it('finds nothing in text without terms and handles empty input', () => {
    expect(matcher.find('')).toEqual([]);
    expect(matcher.find('The quick brown fox jumps over the lazy dog.')).toEqual([]);
  });

  it('gives the same answer with 20,000 more aliases in the dictionary', () => {
    const big: AliasTable = { ...table, aliases: [...table.aliases, ...Array.from({ length: 20_000 }, (_, i) => [`synthetic term ${i}`, [0]] as [string, number[]])] };
    const text = 'Patients underwent TACE with Lipiodol. '.repeat(200);
    expect(createMatcher(big).find(text)).toEqual(matcher.find(text));
  });
});
