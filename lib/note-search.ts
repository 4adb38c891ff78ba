// Finding notes in the manager: fuzzy search across note text, quotes and tags (fuse.js), and
// filters by site and tag. Pure, so it is tested without a page.
import Fuse from 'fuse.js';
import { type Annotation, noteTags, noteText, quoteOf } from './annotation';
import { siteOf } from './page-key';

export interface NoteListing {
  annotation: Annotation;
  text: string;
  quote: string;
  tags: string[];
  site: string;
}

export function listingOf(annotation: Annotation): NoteListing {
  return {
    annotation,
    text: noteText(annotation),
    quote: quoteOf(annotation)?.exact ?? '',
    tags: noteTags(annotation),
    site: siteOf(annotation.target.source),
  };
}

export interface NoteFilter {
  query: string;
  /** '' for every site. */
  site: string;
  /** '' for every tag. */
  tag: string;
}

const FUSE_OPTIONS = {
  keys: [
    { name: 'text', weight: 2 },
    { name: 'quote', weight: 1.5 },
    { name: 'tags', weight: 1 },
  ],
  ignoreLocation: true,
  threshold: 0.35,
  minMatchCharLength: 2,
};

/** Notes passing the filters: best matches first when there is a query, else newest first. */
export function findNotes(listings: readonly NoteListing[], filter: NoteFilter): NoteListing[] {
  const kept = listings.filter((n) => (filter.site === '' || n.site === filter.site) && (filter.tag === '' || n.tags.includes(filter.tag)));
  const query = filter.query.trim();
  if (query === '') return [...kept].sort((a, b) => (a.annotation.modified < b.annotation.modified ? 1 : a.annotation.modified > b.annotation.modified ? -1 : 0));
  return new Fuse(kept, FUSE_OPTIONS).search(query).map((hit) => hit.item);
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b));
}

export function sitesOf(listings: readonly NoteListing[]): string[] {
  return sortedUnique(listings.map((n) => n.site));
}

export function tagsOf(listings: readonly NoteListing[]): string[] {
  return sortedUnique(listings.flatMap((n) => n.tags));
}
