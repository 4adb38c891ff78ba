// Notes files: export as a W3C AnnotationCollection (JSON-LD), import a collection, a bare array
// of annotations or one annotation. An import is read and validated whole before anything is
// stored; every problem is reported with the note's index and the field.
import * as v from 'valibot';
import { ANNO_CONTEXT, type Annotation, AnnotationSchema, newerOf } from './annotation';
import { pageKey } from './page-key';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_NOTES = 20_000;
/** Problems listed in one error message; the rest are counted. */
const MAX_LISTED_PROBLEMS = 5;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Why a file of this size cannot be imported, or null: checked before the file is read. */
export function fileSizeProblem(bytes: number): string | null {
  return bytes > MAX_IMPORT_BYTES ? `The file is ${megabytes(bytes)}; notes files up to ${megabytes(MAX_IMPORT_BYTES)} can be imported.` : null;
}

/** The encoding a byte-order mark announces; UTF-8 without one. */
function encodingOf(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** Decodes a chosen file's bytes: UTF-8, or UTF-16 with a byte-order mark (as some Windows
 *  editors save); a byte-order mark is dropped; size-limited. */
export function decodeNotesFile(bytes: Uint8Array): Parsed<string> {
  const tooBig = fileSizeProblem(bytes.byteLength);
  if (tooBig) return { ok: false, error: tooBig };
  const encoding = encodingOf(bytes);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    const what = encoding === 'utf-8' ? 'UTF-8 text' : 'valid UTF-16 text, though it starts like it';
    return { ok: false, error: `The file is not ${what}. Export the notes again as JSON (UTF-8) and import that file.` };
  }
  // NUL never occurs in JSON text: UTF-16 without a byte-order mark, or not a text file at all.
  if (text.includes('\u0000')) return { ok: false, error: 'The file holds NUL bytes, so it is not a UTF-8 JSON file (UTF-16 without a byte-order mark, or not text at all).' };
  return { ok: true, value: text };
}

const ANNO_CONTEXTS = new Set([ANNO_CONTEXT, ANNO_CONTEXT.replace('http:', 'https:')]);

/** Why a JSON-LD `@context` is not the Web Annotation one, or null (absent is fine). */
function contextProblem(context: unknown): string | null {
  if (context === undefined) return null;
  const listed = Array.isArray(context) ? context : [context];
  if (listed.some((c) => typeof c === 'string' && ANNO_CONTEXTS.has(c))) return null;
  const shown = JSON.stringify(context) ?? String(context);
  return `"@context" is ${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}, not the W3C Web Annotation context (${ANNO_CONTEXT})`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** The annotations an import file holds, before validation. */
function itemsOf(data: unknown): Parsed<unknown[]> {
  if (Array.isArray(data)) return { ok: true, value: data };
  if (data === null || typeof data !== 'object') {
    return { ok: false, error: 'Expected an AnnotationCollection, an array of annotations or one annotation, but the file holds a single value.' };
  }
  const record = data as Record<string, unknown>;
  const wrongContext = contextProblem(record['@context']);
  if (wrongContext) return { ok: false, error: `Nothing was imported: the file's ${wrongContext}.` };
  if (record.type === 'Annotation') return { ok: true, value: [data] };
  if (record.type === 'AnnotationCollection') {
    const first = record.first as Record<string, unknown> | undefined;
    if (first === undefined && record.total === 0) return { ok: true, value: [] };
    if (!first || typeof first !== 'object' || !Array.isArray(first.items)) {
      return { ok: false, error: 'The AnnotationCollection has no "first" page with an "items" array (pages given by address are not supported).' };
    }
    if (first.next !== undefined) return { ok: false, error: 'The AnnotationCollection has more than one page; only single-page collections can be imported.' };
    if (typeof record.total === 'number' && record.total !== first.items.length) {
      return { ok: false, error: `The AnnotationCollection says it holds ${record.total} notes but has ${first.items.length}: the file may be cut short.` };
    }
    return { ok: true, value: first.items };
  }
  if (record.type === 'AnnotationPage' && Array.isArray(record.items)) return { ok: true, value: record.items };
  return { ok: false, error: 'Expected an AnnotationCollection, an array of annotations or one annotation ("type" is missing or unknown).' };
}

function keysOf(issue: v.BaseIssue<unknown>): string[] {
  return (issue.path ?? []).map((item) => String(item.key));
}

/** A union ("one body or an array of bodies") reports "neither matched", with its branches'
 *  issues relative to it; the deepest of those says what is actually wrong. */
function mostSpecific(issue: v.BaseIssue<unknown>, at: string[] = []): { path: string[]; issue: v.BaseIssue<unknown> } {
  const here = { path: [...at, ...keysOf(issue)], issue };
  const nested = (issue.issues ?? []).map((sub) => mostSpecific(sub, here.path));
  return nested.reduce((best, found) => (found.path.length > best.path.length ? found : best), here);
}

function describeIssue(raw: v.BaseIssue<unknown>): string {
  const { path, issue } = mostSpecific(raw);
  const message = issue.received === 'undefined' && issue.kind === 'schema' ? 'missing' : issue.message;
  return `${path.length > 0 ? path.join('.') : 'the note'}: ${message}`;
}

/** Keeps imported page addresses in the form notes are looked up by (no tracking parameters,
 *  no plain #anchor), so an imported note shows on its page. */
function withPageKey(annotation: Annotation): Annotation {
  const key = pageKey(annotation.target.source);
  return key && key !== annotation.target.source ? { ...annotation, target: { ...annotation.target, source: key } } : annotation;
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'string' ? 'text' : `a ${typeof value}`;
}

/** One item of the file as an annotation, or what is wrong with it. */
function checkItem(item: unknown): Parsed<Annotation> {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return { ok: false, error: `expected an annotation (an object) but found ${kindOf(item)}` };
  const result = v.safeParse(AnnotationSchema, item);
  if (!result.success) return { ok: false, error: describeIssue(result.issues[0]) };
  const wrongContext = contextProblem((item as Record<string, unknown>)['@context']);
  return wrongContext ? { ok: false, error: wrongContext } : { ok: true, value: result.output };
}

export interface ParsedNotes {
  annotations: Annotation[];
  /** Notes given more than once in the file (same id): the newer `modified` was kept. */
  duplicates: number;
}

/** Reads and validates a whole notes file (JSON text). Nothing is returned unless all is valid. */
export function parseNotesFile(text: string): Parsed<ParsedNotes> {
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, error: `The file is too large; notes files up to ${megabytes(MAX_IMPORT_BYTES)} can be imported.` };
  const json = text.replace(/^\uFEFF/, '');
  const start = json.trimStart();
  if (start === '') return { ok: false, error: 'The file is empty.' };
  if (start[0] !== '{' && start[0] !== '[') {
    const opening = start.slice(0, 40).replace(/\s+/g, ' ');
    return {
      ok: false,
      error: `The file is not a JSON notes file: it starts with “${opening}${start.length > 40 ? '…' : ''}” (a spreadsheet, CSV or text file?). Notes files are W3C Web Annotation JSON, as “Export” writes them.`,
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return { ok: false, error: `The file is not valid JSON (${error instanceof Error ? error.message : String(error)}).` };
  }
  const items = itemsOf(data);
  if (!items.ok) return items;
  if (items.value.length > MAX_IMPORT_NOTES) {
    return { ok: false, error: `The file holds ${count(items.value.length)} notes; up to ${count(MAX_IMPORT_NOTES)} can be imported at once. Split it into smaller files.` };
  }

  const problems: string[] = [];
  let invalid = 0;
  const byId = new Map<string, Annotation>();
  let duplicates = 0;
  items.value.forEach((item, index) => {
    const checked = checkItem(item);
    if (!checked.ok) {
      invalid++;
      if (problems.length < MAX_LISTED_PROBLEMS) problems.push(`note ${index + 1} (index ${index}), ${checked.error}`);
      return;
    }
    const annotation = withPageKey(checked.value);
    const held = byId.get(annotation.id);
    if (held) duplicates++;
    byId.set(annotation.id, held ? newerOf(held, annotation) : annotation);
  });
  if (invalid > 0) {
    const more = invalid > problems.length ? `; and ${invalid - problems.length} more` : '';
    return { ok: false, error: `Nothing was imported: ${count(invalid)} of ${count(items.value.length)} notes are not valid. ${problems.join('; ')}${more}.` };
  }
  return { ok: true, value: { annotations: [...byId.values()], duplicates } };
}

export interface AnnotationCollection {
  '@context': typeof ANNO_CONTEXT;
  type: 'AnnotationCollection';
  label: string;
  total: number;
  first: { type: 'AnnotationPage'; startIndex: 0; items: Annotation[] };
}

/** Oldest first, then by id: the same notes always export to the same file. */
function inExportOrder(a: Annotation, b: Annotation): number {
  return a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function toCollection(annotations: readonly Annotation[]): AnnotationCollection {
  const items = [...annotations].sort(inExportOrder);
  return {
    '@context': ANNO_CONTEXT,
    type: 'AnnotationCollection',
    label: 'Clinical Lens notes',
    total: items.length,
    first: { type: 'AnnotationPage', startIndex: 0, items },
  };
}

export function exportNotesFile(annotations: readonly Annotation[]): string {
  return `${JSON.stringify(toCollection(annotations), null, 2)}\n`;
}
