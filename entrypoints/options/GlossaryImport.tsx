// Import a glossary file. The whole file is validated first; on any problem nothing is stored
// and every problem is listed by row (or entry) and field.
import aliasTable from 'virtual:clinical-lens/alias-table';
import { useRef, useState } from 'preact/hooks';
import { fileSizeProblem, type GlossaryData, importGlossaryFile } from '../../lib/glossary-import';
import { addToGlossary } from '../../platform/glossary-store';

type Outcome = { kind: 'busy'; file: string } | { kind: 'done'; file: string; added: number; updated: number } | { kind: 'failed'; file: string; errors: string[] };

export function GlossaryImport({ glossary }: { glossary: GlossaryData }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const importFile = async (file: File) => {
    setOutcome({ kind: 'busy', file: file.name });
    const tooBig = fileSizeProblem(file.size);
    if (tooBig) {
      setOutcome({ kind: 'failed', file: file.name, errors: [tooBig] });
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    // "related" may name built-in entries and entries already in the glossary.
    const knownIds = new Set([...aliasTable.ids, ...glossary.entries.map((e) => e.id)]);
    const result = importGlossaryFile({ name: file.name, bytes }, { knownIds });
    if (!result.ok) {
      setOutcome({ kind: 'failed', file: file.name, errors: result.errors });
      return;
    }
    try {
      const { added, updated } = await addToGlossary(result.data);
      setOutcome({ kind: 'done', file: file.name, added, updated });
    } catch (error) {
      setOutcome({ kind: 'failed', file: file.name, errors: [error instanceof Error ? error.message : String(error)] });
    }
  };

  return (
    <section class="stack" aria-labelledby="import-title">
      <h3 id="import-title">Import a file</h3>
      <p class="help" id="import-help">
        JSON in the knowledge format (a list of entries, or <code>{'{ "entries": [...], "sources": {...} }'}</code>), or CSV with a header row naming the
        columns <code>term</code>, <code>aliases</code> (separated by <code>;</code> or <code>|</code>), <code>summary</code> and <code>source</code>{' '}
        (optional: <code>category</code>, <code>id</code>). Entries with the same id (or term) as one already stored replace it. Up to 10,000 entries, 5 MB.
      </p>
      <div class="row">
        <label for="glossary-file">Glossary file</label>
        <input
          id="glossary-file"
          ref={input}
          type="file"
          accept=".json,.csv,.tsv,application/json,text/csv"
          aria-describedby="import-help"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (!file) return;
            void importFile(file).finally(() => {
              // Clearing lets the same file be chosen again after it is fixed.
              if (input.current) input.current.value = '';
            });
          }}
        />
      </div>
      <ImportOutcome outcome={outcome} />
    </section>
  );
}

function ImportOutcome({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return <div role="status" class="outcome" />;
  if (outcome.kind === 'busy') {
    return (
      <div role="status" class="outcome">
        Checking “{outcome.file}”…
      </div>
    );
  }
  if (outcome.kind === 'done') {
    const total = outcome.added + outcome.updated;
    return (
      <div role="status" class="outcome success">
        Imported {total} {total === 1 ? 'entry' : 'entries'} from “{outcome.file}”: {outcome.added} new, {outcome.updated} updated.
      </div>
    );
  }
  return (
    <div role="alert" class="outcome failure">
      <p>
        <strong>Nothing was imported from “{outcome.file}”.</strong> Your glossary is unchanged. Fix the file and import it again:
      </p>
      <ul class="problems">
        {outcome.errors.map((error, i) => (
          <li key={i}>{error}</li>
        ))}
      </ul>
    </div>
  );
}
