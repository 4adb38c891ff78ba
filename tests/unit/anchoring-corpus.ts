// The anchoring test corpus: page changes applied to notes on real text, each with the right
// answer (the new place of the noted words, or "orphan"), and a tally of the outcomes.
// Used by anchoring.test.ts; kept apart so a run on other seeds or more notes is one call away.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { anchor, describe as describePassage, prepareText, type QuoteOccurrence } from '../../lib/anchoring';
import type { Selector } from '../../lib/annotation';

export const SEP = '\u2029';
export const CORPUS = '../shared/corpus/clinical-notes/mtsamples/mtsamples.general.csv';

// ---------------------------------------------------------------------------------------------
// Cases

export interface Case {
  kind: string;
  text: string;
  /** Where the noted words now are, or null when the note should be an orphan. */
  expected: { start: number; end: number } | null;
}

interface Edit {
  at: number;
  remove: number;
  insert: string;
}

/** Applies non-overlapping edits and carries the range [start, end) along. */
function applyEdits(text: string, edits: Edit[], start: number, end: number): { text: string; start: number; end: number } {
  const sorted = [...edits].sort((a, b) => a.at - b.at);
  let out = '';
  let cursor = 0;
  let newStart = start;
  let newEnd = end;
  for (const edit of sorted) {
    out += text.slice(cursor, edit.at) + edit.insert;
    cursor = edit.at + edit.remove;
    const delta = edit.insert.length - edit.remove;
    if (edit.at + edit.remove <= start) {
      newStart += delta;
      newEnd += delta;
    } else if (edit.at < end) {
      if (edit.at < start || edit.at + edit.remove > end) throw new Error('an edit straddles the passage');
      newEnd += delta;
    }
  }
  out += text.slice(cursor);
  return { text: out, start: newStart, end: newEnd };
}

export function edited(kind: string, text: string, edits: Edit[], start: number, end: number): Case {
  const result = applyEdits(text, edits, start, end);
  return { kind, text: result.text, expected: { start: result.start, end: result.end } };
}

/** Deterministic pseudo-random numbers (mulberry32), so the corpus is the same on every run. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Block {
  start: number;
  end: number;
}

function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === SEP) {
      blocks.push({ start, end: i });
      start = i + 1;
    }
  }
  return blocks;
}

/** A word inside [from, to) made of letters only, as [start, end), or null. */
function letterWord(text: string, from: number, to: number, pick: () => number): { start: number; end: number } | null {
  const words = [...text.slice(from, to).matchAll(/(?<![\p{L}\d])\p{L}{4,}(?![\p{L}\d])/gu)].map((m) => ({ start: from + m.index, end: from + m.index + m[0].length }));
  return words.length > 0 ? words[Math.floor(pick() * words.length)]! : null;
}

/** The page changes applied to a note on text[start, end); `other` supplies unrelated text. */
function changesOf(text: string, start: number, end: number, other: string, pick: () => number): Case[] {
  const cases: Case[] = [{ kind: 'unchanged', text, expected: { start, end } }];
  const blocks = blocksOf(text);
  const home = blocks.findIndex((b) => b.start <= start && end <= b.end);
  const block = blocks[home]!;
  const filler = other.slice(0, 300).replace(/\s+\S*$/, '');

  cases.push(edited('inserted far before', text, [{ at: 0, remove: 0, insert: filler + SEP }], start, end));
  cases.push(edited('inserted far after', text, [{ at: text.length, remove: 0, insert: SEP + filler }], start, end));
  cases.push(edited('new block before', text, [{ at: block.start, remove: 0, insert: filler + SEP }], start, end));
  cases.push(edited('new block after', text, [{ at: block.end, remove: 0, insert: SEP + filler }], start, end));
  cases.push(edited('inserted right before', text, [{ at: start, remove: 0, insert: 'Reviewed with the attending today. ' }], start, end));
  cases.push(edited('inserted right after', text, [{ at: end, remove: 0, insert: ' (confirmed on review of the outside records)' }], start, end));

  const inside = end - start >= 40 ? letterWord(text, start + 1, end - 1, pick) : null;
  if (inside) {
    const word = text.slice(inside.start, inside.end);
    cases.push(edited('word edited inside', text, [{ at: inside.start, remove: word.length, insert: word.slice(0, -2) + 'ed' }], start, end));
  }
  const before = letterWord(text, Math.max(0, start - 50), start - 6, pick);
  const after = letterWord(text, end + 6, Math.min(text.length, end + 50), pick);
  if (before) cases.push(edited('word edited before', text, [{ at: before.start, remove: before.end - before.start, insert: 'revised' }], start, end));
  if (after) cases.push(edited('word edited after', text, [{ at: after.start, remove: after.end - after.start, insert: 'revised' }], start, end));
  if (before && after) {
    cases.push(
      edited('words edited both sides', text, [
        { at: before.start, remove: before.end - before.start, insert: 'revised' },
        { at: after.start, remove: after.end - after.start, insert: 'amended' },
      ], start, end),
    );
  }

  // Whitespace: runs of spaces collapsed, block breaks turned into line breaks, spaces inside the
  // quote turned into non-breaking spaces or a block break (a <br> or a split element).
  const collapse = [...text.matchAll(/ {2,}/g)].map((m) => ({ at: m.index, remove: m[0].length, insert: ' ' }));
  const straddles = collapse.some((e) => e.at < start && e.at + e.remove > start) || collapse.some((e) => e.at < end && e.at + e.remove > end);
  if (!straddles) cases.push(edited('spaces collapsed', text, collapse, start, end));
  cases.push({ kind: 'blocks as line breaks', text: text.replaceAll(SEP, '\n'), expected: { start, end } });
  const quote = text.slice(start, end);
  cases.push({ kind: 'non-breaking spaces', text: text.slice(0, start) + quote.replace(/ /g, '\u00a0') + text.slice(end), expected: { start, end } });
  const space = quote.indexOf(' ', Math.floor(quote.length / 2));
  if (space > 0) cases.push({ kind: 'block split inside', text: text.slice(0, start + space) + SEP + text.slice(start + space + 1), expected: { start, end } });
  const longWord = /\p{L}{8,}/u.exec(quote);
  if (longWord) {
    const at = start + longWord.index + 4;
    cases.push(edited('soft hyphen inside', text, [{ at, remove: 0, insert: '\u00ad' }], start, end));
  }

  // Sections reordered: two other blocks swap places, or the note's block moves to the end.
  const far = blocks.map((_, i) => i).filter((i) => Math.abs(i - home) > 1);
  if (far.length >= 2) {
    const [a, b] = [far[0]!, far[far.length - 1]!];
    const order = blocks.map((_, i) => (i === a ? b : i === b ? a : i));
    const parts = order.map((i) => text.slice(blocks[i]!.start, blocks[i]!.end));
    const shift = parts.slice(0, home).join(SEP).length + (home > 0 ? 1 : 0) - block.start;
    cases.push({ kind: 'other sections swapped', text: parts.join(SEP), expected: { start: start + shift, end: end + shift } });
  }
  if (home < blocks.length - 1) {
    const order = blocks.filter((_, i) => i !== home).concat(block);
    const parts = order.map((b) => text.slice(b.start, b.end));
    const moved = parts.slice(0, -1).join(SEP).length + 1;
    cases.push({ kind: 'its section moved to the end', text: parts.join(SEP), expected: { start: moved + start - block.start, end: moved + end - block.start } });
  }

  // Gone: the block with the quote removed, or the quote replaced by other words.
  cases.push({ kind: 'passage deleted', text: text.slice(0, block.start) + text.slice(Math.min(text.length, block.end + 1)), expected: null });
  cases.push({ kind: 'quote replaced', text: text.slice(0, start) + filler.slice(0, end - start + 20) + text.slice(end), expected: null });
  return cases;
}

// ---------------------------------------------------------------------------------------------
// Scoring

export interface Tally {
  correct: number;
  rightlyOrphaned: number;
  lost: number;
  wrong: number;
}

const empty = (): Tally => ({ correct: 0, rightlyOrphaned: 0, lost: 0, wrong: 0 });

export type Outcome = keyof Tally;

/** What anchoring needs of a note: its selectors and which copy of a repeated quote it is on. */
export interface NoteAnchor {
  selectors: Selector[];
  occurrence?: QuoteOccurrence;
}

export function outcomeOf(testCase: Case, note: NoteAnchor): Outcome {
  const result = anchor(prepareText(testCase.text), note.selectors, { occurrence: note.occurrence });
  const { expected } = testCase;
  if (result.orphan) return expected ? 'lost' : 'rightlyOrphaned';
  if (!expected) return 'wrong';
  const slack = Math.max(2, Math.round((expected.end - expected.start) * 0.05));
  const close = Math.abs(result.start - expected.start) <= slack && Math.abs(result.end - expected.end) <= slack;
  return close ? 'correct' : 'wrong';
}

export class Report {
  readonly byKind = new Map<string, Tally>();
  readonly wrongCases: string[] = [];

  add(kind: string, outcome: Outcome, detail: () => string) {
    const tally = this.byKind.get(kind) ?? empty();
    tally[outcome]++;
    this.byKind.set(kind, tally);
    if (outcome === 'wrong') this.wrongCases.push(`${kind}: ${detail()}`);
  }

  total(): Tally {
    const sum = empty();
    for (const t of this.byKind.values()) for (const k of Object.keys(sum) as Outcome[]) sum[k] += t[k];
    return sum;
  }

  print(title: string) {
    const rows = [...this.byKind].map(([kind, t]) => `  ${kind.padEnd(28)} correct ${String(t.correct).padStart(4)}  orphaned ${String(t.rightlyOrphaned + t.lost).padStart(4)} (rightly ${t.rightlyOrphaned}, lost ${t.lost})  wrong ${t.wrong}`);
    const t = this.total();
    console.log(
      [
        `${title}: ${t.correct + t.rightlyOrphaned + t.lost + t.wrong} cases — re-anchored correctly ${t.correct}, orphaned ${t.rightlyOrphaned + t.lost} (rightly ${t.rightlyOrphaned}, lost ${t.lost}), attached to the wrong place ${t.wrong}`,
        ...rows,
        ...this.wrongCases.slice(0, 10).map((w) => `  WRONG ${w}`),
      ].join('\n'),
    );
  }
}

/** Describes text[start, end) as a note would store it; start and end come back trimmed. */
export function noteOn(text: string, start: number, end: number): { note: NoteAnchor; start: number; end: number } {
  const description = describePassage(text, start, end);
  if (!description) throw new Error('empty passage');
  return { note: { selectors: description.selectors, occurrence: description.occurrence }, start: description.start, end: description.end };
}

// ---------------------------------------------------------------------------------------------
// Real text: MTSamples

/** MTSamples runs sections together with commas ("HISTORY:, …"); a page shows them as blocks. */
function asPage(transcription: string): string {
  return transcription.replace(/(?<=[.:])\s*,\s*/g, SEP).trim();
}

export function loadNotes(rows = 600): { specialty: string; text: string }[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(CORPUS, 'utf8'), { header: true, preview: rows, skipEmptyLines: true });
  return parsed.data
    .map((row) => ({ specialty: row.medical_specialty ?? '', text: asPage(row.transcription ?? '') }))
    .filter((note) => note.text.length >= 1_500);
}

/** A passage of 15–120 characters on word boundaries inside one block. */
function pickPassage(text: string, pick: () => number): { start: number; end: number } | null {
  const blocks = blocksOf(text).filter((b) => b.end - b.start >= 80);
  if (blocks.length === 0) return null;
  const block = blocks[Math.floor(pick() * blocks.length)]!;
  const wordStarts = [...text.slice(block.start, block.end).matchAll(/(?<=^|\s)\S/g)].map((m) => block.start + m.index);
  const start = wordStarts[Math.floor(pick() * wordStarts.length)]!;
  const length = 15 + Math.floor(pick() * 105);
  const limit = Math.min(block.end, start + length);
  const cut = text.lastIndexOf(' ', limit);
  const end = limit === block.end ? block.end : cut > start + 10 ? cut : limit;
  return end - start >= 10 ? { start, end } : null;
}

/** Notes on `count` pages from `first`, two passages each, under every page change; plus the
 *  same notes looked for on other patients' notes of the same specialty. */
export function runCorpus(notes: { specialty: string; text: string }[], seed: number, first: number, count: number): Report {
  const pick = random(seed);
  const report = new Report();
  notes.slice(first, first + count).forEach((note, offset) => {
    const index = first + offset;
    const other = notes[(index + 37) % notes.length]!;
    for (let n = 0; n < 2; n++) {
      const passage = pickPassage(note.text, pick);
      if (!passage) continue;
      const { note: noted, start, end } = noteOn(note.text, passage.start, passage.end);
      const quote = () => JSON.stringify(note.text.slice(start, end));
      for (const testCase of changesOf(note.text, start, end, other.text, pick)) {
        report.add(testCase.kind, outcomeOf(testCase, noted), quote);
      }
      const sameSpecialty = notes.filter((o, i) => i !== index && o.specialty === note.specialty).slice(0, 3);
      for (const otherNote of sameSpecialty) {
        report.add('another patient’s note', outcomeOf({ kind: '', text: otherNote.text, expected: null }, noted), quote);
      }
    }
  });
  return report;
}
