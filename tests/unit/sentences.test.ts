import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../lib/sentences';

describe('splitSentences', () => {
  it('splits at a full stop followed by a capital and keeps "etc.." inside its sentence', () => {
    expect(splitSentences('Agents include A, B, etc.. Traditional use. (1) Done.')).toEqual([
      'Agents include A, B, etc..',
      'Traditional use.',
      '(1) Done.',
    ]);
  });
  it('does not split inside a sentence at a lowercase continuation', () => {
    expect(splitSentences('Dose is 2-22 times. e.g. lower. Next one.')).toEqual(['Dose is 2-22 times. e.g. lower.', 'Next one.']);
  });
});
