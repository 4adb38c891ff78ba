// Export every note as a W3C AnnotationCollection file, and import such a file (or a bare
// array of annotations, or one annotation). The background validates the whole file before
// storing anything; a bad file changes nothing and the reason is shown.
import { useRef, useState } from 'preact/hooks';
import { decodeNotesFile, fileSizeProblem } from '../../lib/annotation-file';
import type { NotesImportSummary } from '../../lib/messages';
import { askBackground } from '../../platform/messaging';

type Outcome =
  | { kind: 'busy'; file: string }
  | { kind: 'done'; file: string; summary: NotesImportSummary }
  | { kind: 'failed'; file: string; error: string }
  | { kind: 'export-failed'; error: string };

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Saves `text` as a file through a download link in our own page. */
function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/ld+json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function importFile(file: File): Promise<NotesImportSummary> {
  const tooBig = fileSizeProblem(file.size);
  if (tooBig) throw new Error(tooBig);
  const decoded = decodeNotesFile(new Uint8Array(await file.arrayBuffer()));
  if (!decoded.ok) throw new Error(decoded.error);
  return askBackground({ type: 'notes:import', text: decoded.value });
}

export function NotesTransfer({ count }: { count: number }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const exportAll = async () => {
    try {
      const text = await askBackground({ type: 'notes:export' });
      download(text, `clinical-lens-notes-${new Date().toISOString().slice(0, 10)}.jsonld`);
      setOutcome(null);
    } catch (e) {
      setOutcome({ kind: 'export-failed', error: e instanceof Error ? e.message : String(e) });
    }
  };

  const choose = async (file: File) => {
    setOutcome({ kind: 'busy', file: file.name });
    try {
      setOutcome({ kind: 'done', file: file.name, summary: await importFile(file) });
    } catch (e) {
      setOutcome({ kind: 'failed', file: file.name, error: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <section class="stack" aria-labelledby="notes-transfer-title">
      <h3 id="notes-transfer-title">Export and import</h3>
      <p class="help" id="notes-import-help">
        Notes are saved as a W3C Web Annotation collection (JSON-LD), which other annotation tools can read. Importing accepts such a collection, a list
        of annotations or a single one; a note already stored keeps whichever version was modified last. Up to 20 MB.
      </p>
      <div class="row">
        <button type="button" onClick={() => void exportAll()} disabled={count === 0}>
          Export {plural(count, 'note', 'notes')}
        </button>
        <label for="notes-file">Import notes</label>
        <input
          id="notes-file"
          ref={input}
          type="file"
          accept=".json,.jsonld,application/json,application/ld+json"
          aria-describedby="notes-import-help"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (!file) return;
            void choose(file).finally(() => {
              // Clearing lets the same file be chosen again after it is fixed.
              if (input.current) input.current.value = '';
            });
          }}
        />
      </div>
      <TransferOutcome outcome={outcome} />
    </section>
  );
}

function TransferOutcome({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return <div role="status" class="outcome" />;
  if (outcome.kind === 'busy') {
    return (
      <div role="status" class="outcome">
        Importing “{outcome.file}”…
      </div>
    );
  }
  if (outcome.kind === 'done') {
    const { added, updated, skipped, deleted, duplicates } = outcome.summary;
    return (
      <div role="status" class="outcome success">
        Imported “{outcome.file}”: {added} new, {updated} updated, {skipped} already up to date
        {deleted > 0 ? `, ${plural(deleted, 'note', 'notes')} left deleted (deleted here after the file’s version was written)` : ''}
        {duplicates > 0 ? ` (${plural(duplicates, 'note was', 'notes were')} in the file more than once; the newest was used)` : ''}.
      </div>
    );
  }
  if (outcome.kind === 'export-failed') {
    return (
      <div role="alert" class="outcome failure">
        <p>Export failed: {outcome.error}</p>
      </div>
    );
  }
  return (
    <div role="alert" class="outcome failure">
      <p>
        <strong>Nothing was imported from “{outcome.file}”.</strong> Your notes are unchanged.
      </p>
      <p class="problems-text">{outcome.error}</p>
    </div>
  );
}
