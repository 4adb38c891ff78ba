// "Which kinds of terms are marked" over the real alias table: unticked categories lose their
// marks, and a longer unmarked term never leaves a shorter one inside it marked instead.
import { describe, expect, it } from 'vitest';
import aliasTable from 'virtual:clinical-lens/alias-table';
import { keepEntries, withCategories } from '../../lib/category-filter';
import { createDetector, type Detection } from '../../lib/detect';
import { CATEGORIES } from '../../lib/knowledge-schema';

const TEXT = 'Hepatic artery embolization with Lipiodol was followed by TACE for hepatocellular carcinoma.';
const found = (categories: readonly (typeof CATEGORIES)[number][]) =>
  withCategories(createDetector(aliasTable), aliasTable, categories)
    .detect(TEXT)
    .map((d) => [d.surface, d.entryIds]);

describe('withCategories', () => {
  it('with every category, detects exactly what the plain detector does', () => {
    expect(withCategories(createDetector(aliasTable), aliasTable, CATEGORIES).detect(TEXT)).toEqual(createDetector(aliasTable).detect(TEXT));
  });
  it('drops the unticked categories’ terms and keeps the others', () => {
    expect(found(CATEGORIES.filter((c) => c !== 'agent'))).toEqual([
      ['Hepatic artery embolization', ['hepatic-artery-embolization']],
      ['TACE', ['tace']],
      ['hepatocellular carcinoma', ['hepatocellular-carcinoma']],
    ]);
  });
  it('an unmarked procedure does not leave "embolization" inside it marked as another term', () => {
    expect(found(['agent', 'disease'])).toEqual([
      ['Lipiodol', ['iodized-oil']],
      ['hepatocellular carcinoma', ['hepatocellular-carcinoma']],
    ]);
  });
  it('no category at all: nothing is marked', () => {
    expect(found([])).toEqual([]);
  });
});

describe('keepEntries', () => {
  it('narrows an alias shared by several entries to the wanted ones, and drops it when none is', () => {
    const shared: Detection = { start: 0, end: 4, surface: 'TACE', entryIds: ['tace', 'adam17'], confidence: 'plain' };
    expect(keepEntries([shared], new Set(['tace']))).toEqual([{ ...shared, entryIds: ['tace'] }]);
    expect(keepEntries([shared], new Set(['tace', 'adam17']))[0]).toBe(shared);
    expect(keepEntries([shared], new Set(['iodized-oil']))).toEqual([]);
  });
});
