// Personal glossary files → validated entries. The whole file is checked before anything is
// returned, and every problem names its row (or entry) and field, so a bad file changes nothing
// and the user knows what to fix. Pure: the options page, the tests and the bench share it.
//
// Formats:
//  - JSON in the knowledge schema: an array of entries, or { "entries": [...], "sources": {...} }
//    (sources are the documents the entries cite, as in knowledge/sources.json).
//  - CSV with a header row: term, aliases (separated by ; or |), summary, source, and
//    optionally category and id. Comma-, semicolon- or tab-separated, as spreadsheets save it.
import Papa from 'papaparse';
import * as v from 'valibot';
import { GLOSSARY_LIMITS, type GlossaryData } from './glossary-data';
import { CATEGORIES, type Entry, EntrySchema, type SourceDoc, SourceDocSchema, type Sources } from './knowledge-schema';
import { fnv1a } from './fnv1a';

export { GLOSSARY_LIMITS, type GlossaryData } from './glossary-data';

export type ImportResult = { ok: true; format: 'json' | 'csv'; data: GlossaryData } | { ok: false; errors: string[] };

export interface ImportOptions {
  /** Entry ids that "related" may name besides the file's own (built-in and stored personal ones). */
  knownIds?: ReadonlySet<string>;
}

const CSV_COLUMNS = ['term', 'aliases', 'summary', 'source', 'category', 'id'] as const;
const REQUIRED_CSV_COLUMNS = ['term', 'summary'] as const;
const ENTRY_FIELDS = Object.keys(EntrySchema.entries);

const count = (n: number) => n.toLocaleString('en-US');
const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
const quote = (text: string, max = 40) => `“${text.length > max ? `${text.slice(0, max)}…` : text}”`;

/** A problem found in the file, located for the user. */
interface Problem {
  where: string;
  message: string;
}

function fail(problems: Problem[]): ImportResult {
  const { maxProblemsListed } = GLOSSARY_LIMITS;
  const listed = problems.slice(0, maxProblemsListed).map((p) => (p.where ? `${p.where}: ${p.message}` : p.message));
  const more = problems.length - listed.length;
  return { ok: false, errors: more > 0 ? [...listed, `…and ${count(more)} more problems`] : listed };
}

/** The message for a file over the size limit, or null: checked before a file is even read. */
export function fileSizeProblem(bytes: number): string | null {
  return bytes > GLOSSARY_LIMITS.maxBytes ? `The file is ${megabytes(bytes)}; a glossary file can be at most ${megabytes(GLOSSARY_LIMITS.maxBytes)}.` : null;
}

/** Bytes → text. Refuses what is not UTF-8 rather than guessing and storing mojibake. */
export function decodeGlossaryBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: string } {
  const tooBig = fileSizeProblem(bytes.length);
  if (tooBig) return { ok: false, error: tooBig };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, error: 'The file is saved as UTF-16 text. Save it as UTF-8 (in Excel: “CSV UTF-8”) and import it again.' };
  }
  try {
    // fatal: a wrong byte is an error, not a silent U+FFFD; the UTF-8 byte-order mark is dropped.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, error: 'The file is not UTF-8 text (it may be in another encoding, or not text at all). Save it as UTF-8 (in Excel: “CSV UTF-8”) and import it again.' };
  }
}

export function importGlossaryFile(file: { name: string; bytes: Uint8Array }, options: ImportOptions = {}): ImportResult {
  const decoded = decodeGlossaryBytes(file.bytes);
  if (!decoded.ok) return { ok: false, errors: [decoded.error] };
  return importGlossaryText(file.name, decoded.text, options);
}

export function importGlossaryText(fileName: string, rawText: string, options: ImportOptions = {}): ImportResult {
  const text = rawText.replace(/^\uFEFF/, '');
  if (!text.trim()) return { ok: false, errors: ['The file is empty.'] };
  return formatOf(fileName, text) === 'json' ? importJson(text, options) : importCsv(fileName, text, options);
}

function formatOf(fileName: string, text: string): 'json' | 'csv' {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === 'json') return 'json';
  if (extension === 'csv' || extension === 'tsv') return 'csv';
  return /^\s*[[{]/.test(text) ? 'json' : 'csv';
}

// ---------------------------------------------------------------------------------------------
// JSON

function jsonSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (/unexpected end/i.test(message) || (position && Number(position[1]) >= text.trimEnd().length)) {
    return 'The file is not valid JSON: it ends in the middle of the data (was it cut short?).';
  }
  const reason = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/\s*in JSON at position \d+/, '');
  if (!position) return `The file is not valid JSON: ${reason}.`;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `The file is not valid JSON: ${reason} at line ${line}, column ${column}.`;
}

function importJson(text: string, options: ImportOptions): ImportResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [jsonSyntaxError(text, error)] };
  }
  const shape = jsonShape(raw);
  if (!shape.ok) return { ok: false, errors: [shape.error] };
  const { rawEntries, rawSources } = shape;
  if (rawEntries.length === 0) return { ok: false, errors: ['The file has no entries.'] };
  if (rawEntries.length > GLOSSARY_LIMITS.maxEntries) return { ok: false, errors: [tooManyEntries(rawEntries.length)] };

  const problems: Problem[] = [];
  const sources: Sources = {};
  for (const [id, doc] of Object.entries(rawSources)) {
    const where = `Source ${quote(id)}`;
    if (!v.is(EntrySchema.entries.id, id)) problems.push({ where, message: 'the id must be lowercase words joined by hyphens, e.g. "hospital-formulary"' });
    const parsed = v.safeParse(SourceDocSchema, doc);
    if (parsed.success) sources[id] = parsed.output;
    else problems.push(...parsed.issues.map((issue) => ({ where: `${where}, ${fieldPath(issue) || 'value'}`, message: issueMessage(issue, Object.keys(SourceDocSchema.entries)) })));
  }

  const entries: Entry[] = [];
  const labels: string[] = [];
  rawEntries.forEach((rawEntry, index) => {
    const label = entryLabel(index, rawEntry);
    labels.push(label);
    const parsed = v.safeParse(EntrySchema, rawEntry);
    if (!parsed.success) {
      problems.push(...parsed.issues.map((issue) => ({ where: `${label}, ${fieldPath(issue) || 'entry'}`, message: issueMessage(issue, ENTRY_FIELDS) })));
      return;
    }
    problems.push(...limitProblems(parsed.output).map((p) => ({ where: `${label}, ${p.field}`, message: p.message })));
    entries.push(parsed.output);
  });
  if (problems.length === 0) problems.push(...crossCheck(entries, labels, sources, options));
  return problems.length ? fail(problems) : { ok: true, format: 'json', data: { entries, sources } };
}

function jsonShape(raw: unknown): { ok: true; rawEntries: unknown[]; rawSources: Record<string, unknown> } | { ok: false; error: string } {
  if (Array.isArray(raw)) return { ok: true, rawEntries: raw, rawSources: {} };
  const expected = 'The file must hold a list of entries, or an object with an "entries" list (and optionally "sources").';
  if (!isRecord(raw)) return { ok: false, error: expected };
  const unknown = Object.keys(raw).filter((key) => key !== 'entries' && key !== 'sources');
  if (unknown.length) return { ok: false, error: `${expected} It has ${unknown.map((k) => `"${k}"`).join(', ')} instead.` };
  if (!Array.isArray(raw.entries)) return { ok: false, error: expected };
  if (raw.sources !== undefined && !isRecord(raw.sources)) return { ok: false, error: '"sources" must be an object mapping source ids to { title, origin, sentenceCount }.' };
  return { ok: true, rawEntries: raw.entries, rawSources: isRecord(raw.sources) ? raw.sources : {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entryLabel(index: number, raw: unknown): string {
  const id = isRecord(raw) && typeof raw.id === 'string' && raw.id.trim() ? ` (id ${quote(raw.id)})` : '';
  return `Entry ${count(index + 1)}${id}`;
}

function tooManyEntries(n: number): string {
  return `The file has ${count(n)} entries; a glossary can hold at most ${count(GLOSSARY_LIMITS.maxEntries)}. Split it, or keep the entries you use.`;
}

// ---------------------------------------------------------------------------------------------
// CSV

type CsvColumn = (typeof CSV_COLUMNS)[number];

function importCsv(fileName: string, text: string, options: ImportOptions): ImportResult {
  const headerLine = text.slice(0, text.search(/\r?\n|$/));
  // Decided from the header alone: data rows may legitimately contain ; (alias separators).
  const delimiter = headerLine.includes(',') ? ',' : headerLine.includes('\t') ? '\t' : headerLine.includes(';') ? ';' : ',';
  // The header is checked on its own first: papaparse would rename a repeated column.
  const header = Papa.parse<string[]>(text, { delimiter, preview: 1 }).data[0] ?? [];
  const headerProblems = csvHeaderProblems(header.map((h) => h.trim().toLowerCase()));
  if (headerProblems.length) return fail(headerProblems);

  const result = Papa.parse<Record<string, string>>(text, {
    header: true,
    delimiter,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  // An unclosed quote swallows the rest of the file: the field-count errors after it are noise.
  const unclosed = result.errors.find((error) => error.code === 'MissingQuotes');
  const parseErrors = unclosed ? [unclosed] : result.errors;
  const problems: Problem[] = parseErrors.map((error) => ({ where: csvErrorRow(text, delimiter, error), message: csvErrorMessage(error, header.length) }));
  if (problems.length) return fail(problems);
  if (result.data.length === 0) return { ok: false, errors: ['The file has a header row but no entries.'] };
  if (result.data.length > GLOSSARY_LIMITS.maxEntries) return { ok: false, errors: [tooManyEntries(result.data.length)] };

  const sources: Sources = {};
  const entries: Entry[] = [];
  const labels: string[] = [];
  result.data.forEach((row, index) => {
    const cell = (column: CsvColumn) => (row[column] ?? '').trim();
    const label = `Row ${count(index + 2)}${cell('term') ? ` (term ${quote(cell('term'))})` : ''}`;
    labels.push(label);
    const sourceText = cell('source');
    const sourceId = sourceText ? sourceIdFor(sourceText) : null;
    const candidate = {
      // A row without a term gets a stand-in id, so the only message is the one about the term.
      id: cell('id') || idFromTerm(cell('term')) || `row-${index + 2}`,
      term: cell('term'),
      aliases: cell('aliases').split(/[;|]/).map((a) => a.trim()).filter(Boolean),
      category: cell('category').toLowerCase() || 'concept',
      summary: cell('summary'),
      sources: sourceId ? [{ doc: sourceId, sentences: [1] }] : [],
    };
    const parsed = v.safeParse(EntrySchema, candidate);
    if (!parsed.success) {
      problems.push(...parsed.issues.map((issue) => ({ where: `${label}, ${csvColumnOf(issue)}`, message: csvIssueMessage(issue) })));
      return;
    }
    problems.push(...limitProblems(parsed.output).map((p) => ({ where: `${label}, ${p.field.replace(/\[\d+\]$/, '')}`, message: p.message })));
    if (sourceId && sourceText) sources[sourceId] = csvSource(sourceText, fileName);
    entries.push(parsed.output);
  });
  if (problems.length === 0) problems.push(...crossCheck(entries, labels, sources, options, 'csv'));
  return problems.length ? fail(problems) : { ok: true, format: 'csv', data: { entries, sources } };
}

/** The spreadsheet row (header = row 1) of a parse error. Counted from the error's character
 * offset when it has one: records may span lines, and papaparse numbers rows differently per
 * error type. */
function csvErrorRow(text: string, delimiter: string, error: Papa.ParseError): string {
  if (error.index !== undefined) {
    // The marker keeps the error's own record from counting as empty when it starts at the error.
    const recordsBefore = Papa.parse(`${text.slice(0, error.index)}x`, { delimiter, skipEmptyLines: 'greedy' }).data.length;
    return `Row ${count(Math.max(recordsBefore, 1))}`;
  }
  return error.row === undefined ? 'File' : `Row ${count(error.row + 2)}`;
}

function csvHeaderProblems(columns: string[]): Problem[] {
  const where = 'Header row';
  const list = CSV_COLUMNS.join(', ');
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (!(CSV_COLUMNS as readonly string[]).includes(column)) {
      problems.push({ where, message: column ? `unknown column ${quote(column)} (the columns are ${list})` : `a column has no name (the columns are ${list})` });
    } else if (seen.has(column)) problems.push({ where, message: `the column "${column}" appears twice` });
    seen.add(column);
  }
  for (const column of REQUIRED_CSV_COLUMNS) {
    if (!seen.has(column)) problems.push({ where, message: `the column "${column}" is missing (the first row must name the columns: ${list})` });
  }
  return problems;
}

function csvErrorMessage(error: Papa.ParseError, headerFields: number): string {
  if (error.code === 'MissingQuotes') return 'a quoted field is never closed (a closing " is missing)';
  if (error.code === 'InvalidQuotes') return 'a quote (") inside a field must be doubled ("") and the field quoted';
  if (error.code === 'TooManyFields') return `the row has more fields than the header's ${headerFields} (a field containing the separator must be in quotes)`;
  if (error.code === 'TooFewFields') return `the row has fewer fields than the header's ${headerFields}`;
  return error.message;
}

function csvColumnOf(issue: v.BaseIssue<unknown>): string {
  const first = issue.path?.[0]?.key;
  return first === 'sources' ? 'source' : typeof first === 'string' ? first : 'row';
}

function csvIssueMessage(issue: v.BaseIssue<unknown>): string {
  const column = csvColumnOf(issue);
  if (column === 'category') return `must be one of ${CATEGORIES.join(', ')}`;
  if (column === 'id') return 'must be lowercase words joined by hyphens, e.g. "gelatin-sponge"';
  return issueMessage(issue, [...CSV_COLUMNS]);
}

/** A stable id from the term, so importing an updated file replaces entries instead of doubling them. */
export function idFromTerm(term: string): string {
  const slug = term
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  // Terms in other scripts (明胶海绵) have no Latin slug: a hash of the text is still stable.
  return slug || (term.trim() ? `term-${fnv1a(term.trim())}` : '');
}

function sourceIdFor(text: string): string {
  return `source-${fnv1a(text)}`;
}

function csvSource(text: string, fileName: string): SourceDoc {
  // A CSV source is a citation written by the user: one "sentence", the citation itself.
  return { title: text, origin: `Personal glossary (${fileName})`, sentenceCount: 1 };
}

// ---------------------------------------------------------------------------------------------
// Checks shared by both formats

function limitProblems(entry: Entry): { field: string; message: string }[] {
  const { maxTermLength, maxAliases, maxSummaryLength } = GLOSSARY_LIMITS;
  const problems: { field: string; message: string }[] = [];
  if (entry.term.length > maxTermLength) problems.push({ field: 'term', message: `is ${count(entry.term.length)} characters long; at most ${maxTermLength}` });
  if (entry.aliases.length > maxAliases) problems.push({ field: 'aliases', message: `has ${count(entry.aliases.length)} aliases; at most ${maxAliases}` });
  entry.aliases.forEach((alias, i) => {
    if (alias.length > maxTermLength) problems.push({ field: `aliases[${i}]`, message: `is ${count(alias.length)} characters long; at most ${maxTermLength}` });
  });
  if (entry.summary.length > maxSummaryLength) problems.push({ field: 'summary', message: `is ${count(entry.summary.length)} characters long; at most ${count(maxSummaryLength)}` });
  return problems;
}

/** What no single entry can show: duplicate ids, citations of unknown documents or sentences,
 * related entries that do not exist. */
function crossCheck(entries: Entry[], labels: string[], sources: Sources, options: ImportOptions, format: 'json' | 'csv' = 'json'): Problem[] {
  const problems: Problem[] = [];
  const firstWithId = new Map<string, number>();
  entries.forEach((entry, i) => {
    const earlier = firstWithId.get(entry.id);
    if (earlier === undefined) firstWithId.set(entry.id, i);
    else if (format === 'csv') {
      problems.push({ where: `${labels[i]}, term`, message: `is the same entry (id "${entry.id}") as ${labels[earlier]}; merge the two rows or give one an id column` });
    } else problems.push({ where: `${labels[i]}, id`, message: `"${entry.id}" is also the id of ${labels[earlier]}; ids must be unique` });
  });
  const known = (id: string) => firstWithId.has(id) || (options.knownIds?.has(id) ?? false);
  entries.forEach((entry, i) => {
    const label = labels[i] ?? '';
    entry.related.forEach((id, r) => {
      if (!known(id)) problems.push({ where: `${label}, related[${r}]`, message: `no entry has the id "${id}"` });
    });
    const refs = [
      ...entry.sources.map((ref, s) => ({ ref, field: `sources[${s}]` })),
      ...entry.facts.flatMap((fact, f) => fact.sources.map((ref, s) => ({ ref, field: `facts[${f}].sources[${s}]` }))),
    ];
    for (const { ref, field } of refs) {
      const doc = sources[ref.doc];
      if (!doc) {
        problems.push({ where: `${label}, ${field}.doc`, message: `the file declares no source "${ref.doc}" (add it under "sources")` });
        continue;
      }
      ref.sentences.forEach((n, s) => {
        if (n > doc.sentenceCount) problems.push({ where: `${label}, ${field}.sentences[${s}]`, message: `source "${ref.doc}" has ${doc.sentenceCount} sentences, not ${n}` });
      });
    }
  });
  return problems;
}

/** "facts[0].sources" for a valibot issue; empty for the value itself. */
function fieldPath(issue: v.BaseIssue<unknown>): string {
  const keys = (issue.path ?? []).map((item) => item.key);
  // An unknown field is reported at the key itself: name its parent, the message names the key.
  if (issue.type === 'strict_object' && issue.expected === 'never') keys.pop();
  return keys.reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${String(key)}` : String(key)), '');
}

const TYPE_WORDS: Record<string, string> = { string: 'text', number: 'a number', array: 'a list', object: 'an object', boolean: 'true or false' };

function describeReceived(received: string): string {
  if (received === 'undefined') return 'nothing';
  if (received === 'null') return 'null';
  if (received.startsWith('"')) return `the text ${received}`;
  if (/^-?\d/.test(received)) return `the number ${received}`;
  return received.toLowerCase();
}

function issueMessage(issue: v.BaseIssue<unknown>, fields: readonly string[]): string {
  if (issue.type === 'strict_object') {
    if (issue.expected === 'never') return `unknown field ${issue.received} (the fields are ${fields.join(', ')})`;
    if (issue.received === 'undefined') return 'is missing';
    return `must be an object, not ${describeReceived(issue.received)}`;
  }
  if (issue.kind === 'schema' && issue.type === 'picklist') return `must be one of ${issue.expected?.replace(/[()]/g, '').split(' | ').join(', ')}, not ${issue.received}`;
  const wanted = TYPE_WORDS[issue.type];
  if (issue.kind === 'schema' && wanted) {
    if (issue.received === 'undefined') return 'is missing';
    return `must be ${wanted}, not ${describeReceived(issue.received)}`;
  }
  if (issue.type === 'min_length' && issue.message.startsWith('Invalid length')) return 'must not be empty';
  if (issue.type === 'min_value' && issue.message.startsWith('Invalid value')) return `must be at least ${issue.expected?.replace('>=', '')}, not ${issue.received}`;
  if (issue.type === 'integer') return `must be a whole number, not ${issue.received}`;
  return issue.message;
}

/** The glossary as a file that imports again unchanged. */
export function glossaryToJson(data: GlossaryData): string {
  return `${JSON.stringify({ entries: data.entries, sources: data.sources }, null, 2)}\n`;
}

export type FieldProblem = { field: string; message: string };

/** One entry edited in the options page: the same checks as an imported one, by field. */
export function validateGlossaryEntry(raw: unknown): { ok: true; entry: Entry } | { ok: false; problems: FieldProblem[] } {
  const parsed = v.safeParse(EntrySchema, raw);
  if (!parsed.success) return { ok: false, problems: parsed.issues.map((issue) => ({ field: fieldPath(issue) || 'entry', message: issueMessage(issue, ENTRY_FIELDS) })) };
  const problems = limitProblems(parsed.output);
  return problems.length ? { ok: false, problems } : { ok: true, entry: parsed.output };
}
