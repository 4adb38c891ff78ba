// Build step: validated entries → (a) the compact alias table shipped in the content script,
// (b) full entries and (c) a prebuilt fuse.js index for the background.
import { createHash } from 'node:crypto';
import Fuse from 'fuse.js';
import * as v from 'valibot';
import { type Entry, type Sources, EntrySchema, SourcesSchema, describeIssues } from '../lib/knowledge-schema';
import { SEARCH_KEYS, type SearchDoc } from '../lib/search-options';
import { type AliasTable, buildAliasTable } from '../lib/alias-table';
import { lookupKey } from '../lib/lookup-key';

export class KnowledgeError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}:\n  ${problems.join('\n  ')}`);
    this.name = 'KnowledgeError';
  }
}

export function parseEntry(file: string, raw: unknown): Entry {
  const result = v.safeParse(EntrySchema, raw);
  if (!result.success) throw new KnowledgeError(file, describeIssues(result.issues));
  return result.output;
}

export function parseSources(file: string, raw: unknown): Sources {
  const result = v.safeParse(SourcesSchema, raw);
  if (!result.success) throw new KnowledgeError(file, describeIssues(result.issues));
  return result.output;
}

/** Cross-entry checks the schema cannot express: unique ids, known references, cited sentences. */
export function checkKnowledge(entries: { file: string; entry: Entry }[], sources: Sources): void {
  const ids = new Set<string>();
  for (const { file, entry } of entries) {
    if (ids.has(entry.id)) throw new KnowledgeError(file, [`id: "${entry.id}" is used by another entry`]);
    ids.add(entry.id);
  }
  const aliasOwners = new Map<string, string>();
  for (const { entry } of entries) for (const name of [entry.term, ...entry.aliases]) aliasOwners.set(lookupKey(name), entry.id);
  for (const { file, entry } of entries) {
    const problems: string[] = [];
    entry.related.forEach((id, i) => {
      if (!ids.has(id)) problems.push(`related[${i}]: no entry has id "${id}"`);
    });
    // The detector finds ambiguity rules by the alias text, so a rule for a name the entry
    // does not carry would silently never apply.
    const names = new Set([entry.term, ...entry.aliases]);
    entry.ambiguous.forEach(({ alias }, i) => {
      if (!names.has(alias)) problems.push(`ambiguous[${i}].alias: "${alias}" is not this entry's term or one of its aliases`);
    });
    // A look-alike that is also a name would block that name everywhere.
    entry.notAliases.forEach((text, i) => {
      const owner = aliasOwners.get(lookupKey(text));
      if (owner) problems.push(`notAliases[${i}]: "${text}" is a name of entry "${owner}"`);
    });
    const refs = [
      ...entry.sources.map((ref, i) => ({ ref, path: `sources[${i}]` })),
      ...entry.facts.flatMap((fact, f) => fact.sources.map((ref, i) => ({ ref, path: `facts[${f}].sources[${i}]` }))),
    ];
    for (const { ref, path } of refs) {
      const doc = sources[ref.doc];
      if (!doc) problems.push(`${path}.doc: unknown source "${ref.doc}"`);
      else
        ref.sentences.forEach((n, i) => {
          if (n > doc.sentenceCount) problems.push(`${path}.sentences[${i}]: "${ref.doc}" has ${doc.sentenceCount} sentences, not ${n}`);
        });
    }
    if (problems.length) throw new KnowledgeError(file, problems);
  }
}

export function toSearchDocs(entries: Entry[]): SearchDoc[] {
  return entries.map(({ id, term, aliases, summary }) => ({ id, term, aliases, summary }));
}

export interface CompiledKnowledge {
  aliasTable: AliasTable;
  entries: Entry[];
  sources: Sources;
  fuseIndex: unknown;
}

/** Names one build's built-in alias table: a personal glossary compiled against another one
 * (lib/glossary-table.ts) must be compiled again. */
export function knowledgeStamp(aliasTable: AliasTable): string {
  return createHash('sha256').update(JSON.stringify(aliasTable)).digest('hex').slice(0, 16);
}

export function compileKnowledge(files: { file: string; raw: unknown }[], sourcesFile: { file: string; raw: unknown }): CompiledKnowledge {
  const sources = parseSources(sourcesFile.file, sourcesFile.raw);
  const parsed = files.map(({ file, raw }) => ({ file, entry: parseEntry(file, raw) }));
  checkKnowledge(parsed, sources);
  const entries = parsed.map((p) => p.entry).sort((a, b) => a.id.localeCompare(b.id));
  const fuseIndex = Fuse.createIndex(SEARCH_KEYS, toSearchDocs(entries)).toJSON();
  return { aliasTable: buildAliasTable(entries), entries, sources, fuseIndex };
}
