// Text anchoring for notes: describe a passage as W3C selectors, find it again later.
// Pure: works on the page's text-model text (a string), no DOM. The DOM half (XPath ranges)
// lives with the content script.
export { anchor, type AnchorHints, prepareText, type AnchorMethod, type AnchorResult, type OrphanReason, type PreparedText } from './anchor';
export { describe, type Description } from './describe';
export type { QuoteOccurrence } from './occurrences';
export { ANCHOR_VERSION, MIN_SCORE } from './params';
