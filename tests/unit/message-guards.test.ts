// The content script checks incoming messages with hand-written guards (its start-up code
// carries no valibot); they must accept and refuse exactly what the schemas do.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ContentRequestSchema, isContentRequest, isNotesChanged, NotesChangedSchema } from '../../lib/messages';

const CONTENT_REQUESTS: unknown[] = [
  { type: 'pageTerms' },
  { type: 'pageUrl' },
  { type: 'notesOnPage' },
  { type: 'lookupSelection' },
  { type: 'lookupSelection', text: '' },
  { type: 'lookupSelection', text: 'TACE' },
  { type: 'lookupSelection', text: 'x'.repeat(10_000) },
  { type: 'lookupSelection', text: 'x'.repeat(10_001) },
  { type: 'lookupSelection', text: 42 },
  { type: 'lookupSelection', text: null },
  { type: 'showNote', id: 'note-1' },
  { type: 'showNote', id: '' },
  { type: 'showNote', id: 'n'.repeat(500) },
  { type: 'showNote', id: 'n'.repeat(501) },
  { type: 'showNote' },
  { type: 'showNote', id: 7 },
  { type: 'addNote' },
  { type: 'addNote', focusedOnly: true },
  { type: 'addNote', focusedOnly: false },
  { type: 'addNote', focusedOnly: 'yes' },
  { type: 'pageTerms', extra: 1 },
  { type: 'getEntry', id: 'tace' },
  { type: 'notesChanged' },
  { type: 'PAGETERMS' },
  { kind: 'pageTerms' },
  {},
  [],
  ['pageTerms'],
  null,
  undefined,
  'pageTerms',
  0,
];

const NOTES_CHANGED: unknown[] = [
  { type: 'notesChanged' },
  { type: 'notesChanged', pageKey: 'https://example.org/chart' },
  { type: 'notesChanged', pageKey: '' },
  { type: 'notesChanged', pageKey: 'k'.repeat(8_192) },
  { type: 'notesChanged', pageKey: 'k'.repeat(8_193) },
  { type: 'notesChanged', pageKey: 3 },
  { type: 'notesChanged', pageKey: null },
  { type: 'pageTerms' },
  {},
  null,
  'notesChanged',
];

describe('hand-written message guards', () => {
  it.each(CONTENT_REQUESTS.map((message) => [JSON.stringify(message)?.slice(0, 60) ?? String(message), message]))('isContentRequest agrees with ContentRequestSchema: %s', (_, message) => {
    expect(isContentRequest(message)).toBe(v.is(ContentRequestSchema, message));
  });

  it.each(NOTES_CHANGED.map((message) => [JSON.stringify(message)?.slice(0, 60) ?? String(message), message]))('isNotesChanged agrees with NotesChangedSchema: %s', (_, message) => {
    expect(isNotesChanged(message)).toBe(v.is(NotesChangedSchema, message));
  });

  it('accepts every kind of content request and refuses other messages', () => {
    expect(CONTENT_REQUESTS.filter(isContentRequest).map((m) => (m as { type: string }).type)).toEqual(
      expect.arrayContaining(['pageTerms', 'pageUrl', 'notesOnPage', 'lookupSelection', 'showNote', 'addNote']),
    );
    expect(isContentRequest({ type: 'getEntry', id: 'tace' })).toBe(false);
  });
});
