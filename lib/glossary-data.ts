// A personal glossary's shape and size limits, apart from the import code (lib/glossary-import.ts)
// so the content script, which stores and reads glossaries but never parses files, does not
// carry the CSV parser.
import type { Entry, Sources } from './knowledge-schema';

export const GLOSSARY_LIMITS = {
  maxBytes: 5 * 1024 * 1024,
  maxEntries: 10_000,
  maxTermLength: 200,
  maxAliases: 100,
  maxSummaryLength: 4_000,
  /** More problems than this are counted, not listed: nobody reads 10,000 messages. */
  maxProblemsListed: 20,
};

export interface GlossaryData {
  entries: Entry[];
  sources: Sources;
}
