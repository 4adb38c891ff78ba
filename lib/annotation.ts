// A note is a W3C Web Annotation (https://www.w3.org/TR/annotation-model/), stored and
// exported as such so it can leave for other tools. The schema is checked on every boundary:
// messages from content scripts, imported files, records read back from storage.
//
// Offsets: TextPositionSelector counts Unicode code points, as the W3C model says, over the
// page's text model (visible text, blocks joined by a paragraph separator). The anchoring code
// converts to and from JavaScript's UTF-16 offsets against the text it has in hand, so the stored
// and exported JSON never needs converting. The XPath refinements in a RangeSelector count code
// points of their text node likewise.
import * as v from 'valibot';
import { isNoteAddress } from './page-key';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Our own property on an annotation: the anchoring algorithm version that described it. */
export const ANCHOR_VERSION_KEY = 'clinicalLens:anchorVersion';
/** Our own property: which copy of a repeated quote the note is on (see lib/anchoring). */
export const OCCURRENCE_KEY = 'clinicalLens:quoteOccurrence';

const MAX_NOTE_CHARS = 100_000;
const MAX_QUOTE_CHARS = 20_000;
const MAX_CONTEXT_CHARS = 1_000;
const MAX_URL_CHARS = 8_192;
const MAX_TAG_CHARS = 100;
const MAX_TAGS = 50;

const Offset = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 31));

const QuoteOccurrenceSchema = v.pipe(
  v.object({ index: Offset, count: v.pipe(Offset, v.minValue(1)), distinct: v.boolean() }),
  v.check((o) => o.index < o.count, 'index is not below count'),
);

export const TextQuoteSelectorSchema = v.object({
  type: v.literal('TextQuoteSelector'),
  exact: v.pipe(v.string(), v.minLength(1, 'the quote is empty'), v.maxLength(MAX_QUOTE_CHARS)),
  prefix: v.optional(v.pipe(v.string(), v.maxLength(MAX_CONTEXT_CHARS))),
  suffix: v.optional(v.pipe(v.string(), v.maxLength(MAX_CONTEXT_CHARS))),
});

export const TextPositionSelectorSchema = v.pipe(
  v.object({ type: v.literal('TextPositionSelector'), start: Offset, end: Offset }),
  v.check((s) => s.start <= s.end, 'start is after end'),
);

const XPathSelectorSchema = v.object({
  type: v.literal('XPathSelector'),
  value: v.pipe(v.string(), v.minLength(1), v.maxLength(2_000)),
  refinedBy: v.optional(TextPositionSelectorSchema),
});

/** Start and end points in the DOM; the range runs from the start of `startSelector`'s segment
 *  to the start of `endSelector`'s (W3C semantics), so a refinement with start = end is a point. */
export const RangeSelectorSchema = v.object({
  type: v.literal('RangeSelector'),
  startSelector: XPathSelectorSchema,
  endSelector: XPathSelectorSchema,
});

export const SelectorSchema = v.variant('type', [TextQuoteSelectorSchema, TextPositionSelectorSchema, RangeSelectorSchema]);

export const TextualBodySchema = v.object({
  type: v.literal('TextualBody'),
  value: v.pipe(v.string(), v.maxLength(MAX_NOTE_CHARS)),
  format: v.optional(v.literal('text/plain')),
  purpose: v.picklist(['commenting', 'tagging']),
});

/** The W3C model allows one item or an array for body and selector; we always store arrays. */
function oneOrMany<T extends v.GenericSchema>(item: T, max: number) {
  return v.pipe(
    v.union([v.pipe(v.array(item), v.maxLength(max)), item]),
    v.transform((value) => (Array.isArray(value) ? value : [value]) as v.InferOutput<T>[]),
  );
}

const Timestamp = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, 'expected an ISO 8601 date and time'),
  v.check((s) => !Number.isNaN(Date.parse(s)), 'not a real date'),
);

export const AnnotationSchema = v.pipe(
  v.object({
    id: v.pipe(v.string(), v.minLength(1, 'the id is empty'), v.maxLength(500)),
    type: v.literal('Annotation'),
    motivation: v.optional(v.literal('commenting')),
    created: Timestamp,
    modified: Timestamp,
    body: oneOrMany(TextualBodySchema, 1 + MAX_TAGS),
    target: v.object({
      source: v.pipe(
        v.string(),
        v.minLength(1),
        v.maxLength(MAX_URL_CHARS),
        v.check(isNoteAddress, 'not the address of a web page (only http:, https: and file: pages can have notes)'),
      ),
      selector: oneOrMany(SelectorSchema, 10),
    }),
    [ANCHOR_VERSION_KEY]: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    [OCCURRENCE_KEY]: v.optional(QuoteOccurrenceSchema),
  }),
  v.forward(
    v.check((a) => a.target.selector.filter((s) => s.type === 'TextQuoteSelector').length === 1, 'needs exactly one TextQuoteSelector'),
    ['target', 'selector'],
  ),
  v.forward(
    v.check((a) => a.body.filter((b) => b.purpose === 'commenting').length <= 1, 'has more than one commenting body'),
    ['body'],
  ),
  v.forward(
    v.check((a) => a.body.every((b) => b.purpose !== 'tagging' || (b.value.length > 0 && b.value.length <= MAX_TAG_CHARS)), `a tag is empty or longer than ${MAX_TAG_CHARS} characters`),
    ['body'],
  ),
);

export type Annotation = v.InferOutput<typeof AnnotationSchema>;
export type Selector = v.InferOutput<typeof SelectorSchema>;
export type TextQuoteSelector = v.InferOutput<typeof TextQuoteSelectorSchema>;
export type TextPositionSelector = v.InferOutput<typeof TextPositionSelectorSchema>;
export type RangeSelector = v.InferOutput<typeof RangeSelectorSchema>;
export type TextualBody = v.InferOutput<typeof TextualBodySchema>;

function bodies(text: string, tags: readonly string[]): TextualBody[] {
  const cleanTags = [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0))];
  return [
    { type: 'TextualBody', value: text, format: 'text/plain', purpose: 'commenting' },
    ...cleanTags.map((tag): TextualBody => ({ type: 'TextualBody', value: tag, purpose: 'tagging' })),
  ];
}

export type QuoteOccurrence = v.InferOutput<typeof QuoteOccurrenceSchema>;

export interface NewNote {
  source: string;
  selectors: Selector[];
  anchorVersion: number;
  occurrence?: QuoteOccurrence;
  text: string;
  tags?: readonly string[];
}

export function createAnnotation(note: NewNote, now: Date = new Date(), id = `urn:uuid:${crypto.randomUUID()}`): Annotation {
  const stamp = now.toISOString();
  return {
    id,
    type: 'Annotation',
    motivation: 'commenting',
    created: stamp,
    modified: stamp,
    body: bodies(note.text, note.tags ?? []),
    target: { source: note.source, selector: note.selectors },
    [ANCHOR_VERSION_KEY]: note.anchorVersion,
    ...(note.occurrence ? { [OCCURRENCE_KEY]: note.occurrence } : {}),
  };
}

/** The same note with new text and tags; `modified` always moves forward, even if the clock
 *  went back, so the edit wins over the version it replaces. */
export function editAnnotation(annotation: Annotation, change: { text: string; tags: readonly string[] }, now: Date = new Date()): Annotation {
  const after = Math.max(now.getTime(), Date.parse(annotation.modified) + 1);
  return { ...annotation, modified: new Date(after).toISOString(), body: bodies(change.text, change.tags) };
}

export function noteText(annotation: Annotation): string {
  return annotation.body.find((b) => b.purpose === 'commenting')?.value ?? '';
}

export function noteTags(annotation: Annotation): string[] {
  return annotation.body.filter((b) => b.purpose === 'tagging').map((b) => b.value);
}

export function quoteOf(annotation: Annotation): TextQuoteSelector | undefined {
  return annotation.target.selector.find((s): s is TextQuoteSelector => s.type === 'TextQuoteSelector');
}

/** What anchoring needs of a note: its selectors and, for notes we made, the quote's copy. */
export function anchorInputOf(annotation: Annotation): { selectors: Selector[]; occurrence?: QuoteOccurrence } {
  const occurrence = annotation[OCCURRENCE_KEY];
  return occurrence ? { selectors: annotation.target.selector, occurrence } : { selectors: annotation.target.selector };
}

export function modifiedTime(annotation: Annotation): number {
  return Date.parse(annotation.modified);
}

/** Which of two versions of one note to keep: the newer `modified`; on a tie, the one held. */
export function newerOf(held: Annotation, incoming: Annotation): Annotation {
  return modifiedTime(incoming) > modifiedTime(held) ? incoming : held;
}
