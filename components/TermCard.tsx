// One knowledge entry as a card: preferred term, category, summary with the source it rests
// on, key facts, other names and related entries. Props only, so the hover popover and the popup
// show the same thing. Everything is rendered as text: entries may come from a user's
// glossary and contain markup, which must stay inert.
//
// Styles live in TermCard.css and theme.css; the host imports them (the popover as inline
// strings into its shadow root, so nothing leaks into the page).
import { formatCitations, formatFactCitation } from '../lib/citation';
import type { Category, Fact } from '../lib/knowledge-schema';
import type { EntryView } from '../lib/messages';
import { groupSynonyms } from '../lib/synonyms';

export interface TermCardProps {
  view: EntryView;
  /** id of the heading, for aria-labelledby on the surrounding dialog. */
  headingId?: string;
  /** Called when a related entry is chosen; without it related entries are plain text. */
  onRelated?: (id: string) => void;
}

const CATEGORY_LABELS: Record<Category, string> = {
  procedure: 'Procedure',
  agent: 'Agent',
  concept: 'Concept',
  disease: 'Disease',
  anatomy: 'Anatomy',
  therapy: 'Therapy',
};

export function TermCard({ view, headingId, onRelated }: TermCardProps) {
  const { entry, sources, relatedTerms, personal } = view;
  const names = groupSynonyms(entry);
  const citations = formatCitations(entry.sources, sources);
  return (
    <article class="cl-term-card">
      <header class="cl-tc-header">
        <h2 class="cl-tc-term" id={headingId}>
          {entry.term}
        </h2>
        <span class="cl-tc-tag">{CATEGORY_LABELS[entry.category] ?? entry.category}</span>
        {personal && <span class="cl-tc-tag cl-tc-personal">Your glossary</span>}
      </header>
      <p class="cl-tc-summary">{entry.summary}</p>
      {/* Right under the summary it supports, so it is never scrolled out of sight. */}
      <p class="cl-tc-source">{citations.length > 0 ? `Source: ${citations.join('; ')}` : 'No source cited'}</p>
      {entry.facts.length > 0 && (
        <dl class="cl-tc-facts">
          {entry.facts.map((fact, i) => (
            <FactRow key={i} fact={fact} cite={formatFactCitation(fact.sources, entry.sources, sources)} />
          ))}
        </dl>
      )}
      {(names.abbreviations.length > 0 || names.names.length > 0 || names.chinese.length > 0) && (
        <dl class="cl-tc-names">
          <NameRow label="Abbreviations" names={names.abbreviations} />
          <NameRow label="Also called" names={names.names} />
          <NameRow label="Chinese" names={names.chinese} lang="zh" />
        </dl>
      )}
      {entry.related.length > 0 && (
        <nav class="cl-tc-related" aria-label="Related entries">
          <span class="cl-tc-label">Related</span>
          <ul>
            {entry.related.map((id) => (
              <li key={id}>
                {onRelated ? (
                  <button type="button" class="cl-tc-link" onClick={() => onRelated(id)}>
                    {relatedTerms[id] ?? id}
                  </button>
                ) : (
                  relatedTerms[id] ?? id
                )}
              </li>
            ))}
          </ul>
        </nav>
      )}
    </article>
  );
}

function FactRow({ fact, cite }: { fact: Fact; cite: string }) {
  return (
    <div class="cl-tc-fact">
      <dt>{fact.label}</dt>
      <dd>
        {Array.isArray(fact.value) ? (
          <ul>
            {fact.value.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ul>
        ) : (
          fact.value
        )}
        <span class="cl-tc-cite"> ({cite})</span>
      </dd>
    </div>
  );
}

function NameRow({ label, names, lang }: { label: string; names: string[]; lang?: string }) {
  if (names.length === 0) return null;
  return (
    <div class="cl-tc-namerow">
      <dt>{label}</dt>
      <dd lang={lang}>{names.join(' · ')}</dd>
    </div>
  );
}
