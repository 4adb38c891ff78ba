// Add or edit one personal entry: term, other names, category, summary. Fields the form does
// not show (facts, sources, related…) are kept as they are.
import { useState } from 'preact/hooks';
import { type FieldProblem, idFromTerm, validateGlossaryEntry } from '../../lib/glossary-import';
import { CATEGORIES, type Entry } from '../../lib/knowledge-schema';

export interface GlossaryEntryFormProps {
  /** The entry being edited; absent when adding one. */
  entry?: Entry;
  /** Ids already in the glossary: a new entry must not take one. */
  takenIds: ReadonlySet<string>;
  onSave: (entry: Entry) => Promise<void>;
  onCancel: () => void;
}

const FIELD_OF: Record<string, string> = { term: 'term', aliases: 'aliases', category: 'category', summary: 'summary' };

export function GlossaryEntryForm({ entry, takenIds, onSave, onCancel }: GlossaryEntryFormProps) {
  const [term, setTerm] = useState(entry?.term ?? '');
  const [aliases, setAliases] = useState(entry?.aliases.join('; ') ?? '');
  const [category, setCategory] = useState<string>(entry?.category ?? 'concept');
  const [summary, setSummary] = useState(entry?.summary ?? '');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [saveError, setSaveError] = useState<string | null>(null);
  const formId = entry ? `edit-${entry.id}` : 'new-entry';

  const problemFor = (field: string) =>
    problems
      .filter((p) => (FIELD_OF[p.field.replace(/\[\d+\]$/, '')] ?? 'form') === field)
      .map((p) => p.message)
      .join('; ');

  const submit = async (event: Event) => {
    event.preventDefault();
    const id = entry?.id ?? idFromTerm(term);
    if (!entry && id && takenIds.has(id)) {
      setProblems([{ field: 'term', message: 'your glossary already has an entry for this term; edit that one instead' }]);
      return;
    }
    const candidate = {
      ...(entry ?? { sources: [] }),
      id: id || 'entry',
      term,
      aliases: aliases.split(/[;|\n]/).map((a) => a.trim()).filter(Boolean),
      category,
      summary,
    };
    const result = validateGlossaryEntry(candidate);
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    setProblems([]);
    try {
      await onSave(result.entry);
    } catch (error) {
      setSaveError(error instanceof Error ? error.message : String(error));
    }
  };

  const field = (name: string) => {
    const problem = problemFor(name);
    return { 'aria-invalid': problem !== '', 'aria-describedby': problem ? `${formId}-${name}-problem` : undefined, problem };
  };
  const termField = field('term');
  const aliasField = field('aliases');
  const categoryField = field('category');
  const summaryField = field('summary');
  const other = problemFor('form');

  return (
    <form class="entry-form" onSubmit={submit} aria-label={entry ? `Edit “${entry.term}”` : 'New entry'}>
      <div class="field">
        <label for={`${formId}-term`}>Term</label>
        <input id={`${formId}-term`} type="text" value={term} onInput={(e) => setTerm(e.currentTarget.value)} aria-invalid={termField['aria-invalid']} aria-describedby={termField['aria-describedby']} />
        <FieldProblemText id={`${formId}-term-problem`} text={termField.problem} />
      </div>
      <div class="field">
        <label for={`${formId}-aliases`}>Other names (separated by ;)</label>
        <input id={`${formId}-aliases`} type="text" value={aliases} onInput={(e) => setAliases(e.currentTarget.value)} aria-invalid={aliasField['aria-invalid']} aria-describedby={aliasField['aria-describedby']} />
        <FieldProblemText id={`${formId}-aliases-problem`} text={aliasField.problem} />
      </div>
      <div class="field">
        <label for={`${formId}-category`}>Category</label>
        <select id={`${formId}-category`} value={category} onChange={(e) => setCategory(e.currentTarget.value)} aria-invalid={categoryField['aria-invalid']} aria-describedby={categoryField['aria-describedby']}>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <FieldProblemText id={`${formId}-category-problem`} text={categoryField.problem} />
      </div>
      <div class="field">
        <label for={`${formId}-summary`}>Summary</label>
        <textarea id={`${formId}-summary`} rows={3} value={summary} onInput={(e) => setSummary(e.currentTarget.value)} aria-invalid={summaryField['aria-invalid']} aria-describedby={summaryField['aria-describedby']} />
        <FieldProblemText id={`${formId}-summary-problem`} text={summaryField.problem} />
      </div>
      {other && (
        <p class="error" role="alert">
          {other}
        </p>
      )}
      {saveError && (
        <p class="error" role="alert">
          {saveError}
        </p>
      )}
      <div class="row">
        <button type="submit">Save</button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function FieldProblemText({ id, text }: { id: string; text: string }) {
  if (!text) return null;
  return (
    <p class="error" id={id} role="alert">
      {text[0]?.toUpperCase()}
      {text.slice(1)}
    </p>
  );
}
