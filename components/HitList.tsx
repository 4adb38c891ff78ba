// A list of entries to choose from (search results, terms on the page, recent look-ups), as the
// listbox of an ARIA combobox: focus stays in the search field, which points at the active
// option with aria-activedescendant. Props only; used by the popup and the selection popover.
import type { SearchHit } from '../lib/messages';
import { isPersonalId } from '../lib/personal-ids';
import { MarkedText } from './MarkedText';

export interface HitGroup {
  /** Heading of the group; a list with one unlabelled group shows no heading. */
  label?: string;
  hits: SearchHit[];
  /** Extra text per hit id, e.g. "3× on this page". */
  notes?: Record<string, string>;
}

export interface HitListProps {
  id: string;
  /** Accessible name of the listbox. */
  label: string;
  groups: HitGroup[];
  /** Index across all groups; -1 for none. */
  activeIndex: number;
  onChoose: (hit: SearchHit) => void;
  onActivate?: (index: number) => void;
  /** The list still shows an earlier query's results while the current one is on its way. */
  busy?: boolean;
}

export const optionId = (listId: string, index: number) => `${listId}-option-${index}`;

export function HitList({ id, label, groups, activeIndex, onChoose, onActivate, busy = false }: HitListProps) {
  let index = 0;
  return (
    <div class="cl-hits" role="listbox" id={id} aria-label={label} aria-busy={busy}>
      {groups.map((group, g) => {
        const headingId = `${id}-group-${g}`;
        const options = group.hits.map((hit) => {
          const i = index++;
          return (
            <HitOption
              key={hit.id}
              id={optionId(id, i)}
              hit={hit}
              note={group.notes?.[hit.id]}
              active={i === activeIndex}
              onChoose={onChoose}
              onActivate={onActivate && (() => onActivate(i))}
            />
          );
        });
        return group.label ? (
          <div role="group" aria-labelledby={headingId} key={headingId} class="cl-hits-group">
            <div role="presentation" id={headingId} class="cl-hits-heading">
              {group.label}
            </div>
            {options}
          </div>
        ) : (
          options
        );
      })}
    </div>
  );
}

interface HitOptionProps {
  id: string;
  hit: SearchHit;
  note: string | undefined;
  active: boolean;
  onChoose: (hit: SearchHit) => void;
  onActivate: (() => void) | undefined;
}

function HitOption({ id, hit, note, active, onChoose, onActivate }: HitOptionProps) {
  const termRanges = hit.matches.filter((m) => m.key === 'term').flatMap((m) => m.indices);
  const alias = bestAliasMatch(hit);
  const showAlias = alias !== null && marked(alias.indices) > marked(termRanges);
  return (
    <div
      role="option"
      id={id}
      aria-selected={active}
      class={`cl-hit${active ? ' cl-hit-active' : ''}`}
      // mousedown, not click: the search field must keep focus.
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => onChoose(hit)}
      onMouseMove={active ? undefined : onActivate}
    >
      <div class="cl-hit-line">
        <span class="cl-hit-term">
          <MarkedText text={hit.term} ranges={termRanges} />
        </span>
        <span class="cl-hit-tag">{hit.category}</span>
        {isPersonalId(hit.id) && <span class="cl-hit-tag cl-hit-personal">Yours</span>}
      </div>
      {showAlias && alias && (
        <div class="cl-hit-alias">
          <span class="cl-hit-alias-label">also </span>
          <MarkedText text={alias.value} ranges={alias.indices} />
        </div>
      )}
      <div class="cl-hit-summary">
        {note && <span class="cl-hit-note">{note} · </span>}
        {hit.summary}
      </div>
    </div>
  );
}

function marked(ranges: readonly (readonly [number, number])[]): number {
  return ranges.reduce((sum, [s, e]) => sum + (e - s + 1), 0);
}

function bestAliasMatch(hit: SearchHit) {
  let best: SearchHit['matches'][number] | null = null;
  for (const match of hit.matches) {
    if (match.key === 'aliases' && (!best || marked(match.indices) > marked(best.indices))) best = match;
  }
  return best;
}
