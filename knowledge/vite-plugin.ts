// Serves the compiled knowledge to the extension as virtual modules, so a schema error stops
// the build with the file and field at fault, and nothing generated is ever stale.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin } from 'vite';
import { compileKnowledge, knowledgeStamp } from './compile';

export const ALIAS_TABLE_MODULE = 'virtual:clinical-lens/alias-table';
export const KNOWLEDGE_MODULE = 'virtual:clinical-lens/knowledge';

const KNOWLEDGE_DIR = join(import.meta.dirname, '.');
const ENTRIES_DIR = join(KNOWLEDGE_DIR, 'entries');
const SOURCES_FILE = join(KNOWLEDGE_DIR, 'sources.json');

function readJson(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${relative(process.cwd(), file)}: not valid JSON (${(error as Error).message})`);
  }
}

export function readKnowledgeFiles(): { files: { file: string; raw: unknown }[]; sourcesFile: { file: string; raw: unknown } } {
  const files = readdirSync(ENTRIES_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = join(ENTRIES_DIR, name);
      return { file: relative(process.cwd(), file), raw: readJson(file) };
    });
  return { files, sourcesFile: { file: relative(process.cwd(), SOURCES_FILE), raw: readJson(SOURCES_FILE) } };
}

export function loadCompiledKnowledge() {
  const { files, sourcesFile } = readKnowledgeFiles();
  return compileKnowledge(files, sourcesFile);
}

export function knowledgePlugin(): Plugin {
  const resolved = new Map([ALIAS_TABLE_MODULE, KNOWLEDGE_MODULE].map((id) => [id, `\0${id}`]));
  return {
    name: 'clinical-lens-knowledge',
    resolveId(id) {
      return resolved.get(id);
    },
    load(id) {
      if (id !== `\0${ALIAS_TABLE_MODULE}` && id !== `\0${KNOWLEDGE_MODULE}`) return undefined;
      this.addWatchFile(ENTRIES_DIR);
      this.addWatchFile(SOURCES_FILE);
      const compiled = loadCompiledKnowledge();
      if (id === `\0${ALIAS_TABLE_MODULE}`) {
        // A string for JSON.parse rather than an object literal: every frame's content script
        // carries this table, and V8 scans a string far faster than it parses a literal.
        return `export default JSON.parse(${JSON.stringify(JSON.stringify(compiled.aliasTable))});\nexport const knowledgeStamp = ${JSON.stringify(knowledgeStamp(compiled.aliasTable))};`;
      }
      const { entries, sources, fuseIndex } = compiled;
      return `export default ${JSON.stringify({ entries, sources, fuseIndex })};`;
    },
  };
}
