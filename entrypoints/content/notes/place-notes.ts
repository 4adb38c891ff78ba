// Notes on the page's text model: where each stored note is now (or that it is an orphan), and
// the selectors for a new note made from a selection.
import { anchor, type AnchorResult, describe, prepareText } from '../../../lib/anchoring';
import { type Annotation, anchorInputOf, type QuoteOccurrence, type RangeSelector, type Selector } from '../../../lib/annotation';
import type { TextModel } from '../text-model';
import { describeRange, resolveRange } from './range-selector';

export interface PlacedNote {
  annotation: Annotation;
  result: AnchorResult;
  /** The DOM range to mark; null for an orphan (or a passage the model cannot map back). */
  range: Range | null;
}

function offsetsOf(model: TextModel, range: AbstractRange): { start: number; end: number } | undefined {
  const start = model.positionOf(range.startContainer, range.startOffset);
  const end = model.positionOf(range.endContainer, range.endOffset);
  return start !== null && end !== null && end > start ? { start, end } : undefined;
}

export function placeNotes(model: TextModel, annotations: readonly Annotation[], doc: Document = document): PlacedNote[] {
  const prepared = prepareText(model.text);
  return annotations.map((annotation) => {
    const { selectors, occurrence } = anchorInputOf(annotation);
    const rangeSelector = selectors.find((s): s is RangeSelector => s.type === 'RangeSelector');
    const resolved = rangeSelector ? resolveRange(rangeSelector, doc) : null;
    const result = anchor(prepared, selectors, { occurrence, range: resolved ? offsetsOf(model, resolved) : undefined });
    return { annotation, result, range: result.orphan ? null : model.rangeOf(result.start, result.end) };
  });
}

export interface NewPassage {
  selectors: Selector[];
  occurrence?: QuoteOccurrence;
  version: number;
  /** The passage as described (selection trimmed of surrounding whitespace). */
  range: Range;
}

/** Selectors for a selected passage, or null when it is not page text the model holds (our
 *  UI, a form field, an editor) or only whitespace. */
export function describeSelection(model: TextModel, selection: AbstractRange): NewPassage | null {
  const offsets = offsetsOf(model, selection);
  if (!offsets) return null;
  const described = describe(model.text, offsets.start, offsets.end);
  const range = described && model.rangeOf(described.start, described.end);
  if (!described || !range) return null;
  const rangeSelector = describeRange(range);
  return {
    selectors: rangeSelector ? [...described.selectors, rangeSelector] : described.selectors,
    ...(described.occurrence ? { occurrence: described.occurrence } : {}),
    version: described.version,
    range,
  };
}
