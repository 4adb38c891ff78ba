// Anchoring over a corpus of page changes. Real clinical text (MTSamples transcriptions from
// ../shared/corpus, skipped with a message when absent) plus fixed chart templates of our own,
// each note checked after changes where the right answer is known: the new place of its words,
// or "orphan" (the words are gone, or only a look-alike on another patient's chart remains).
import { existsSync } from 'node:fs';
import { describe as group, expect, it } from 'vitest';
import { anchor, ANCHOR_VERSION, describe as describePassage } from '../../lib/anchoring';
import type { Selector } from '../../lib/annotation';
import { type Case, CORPUS, edited, loadNotes, noteOn, outcomeOf, Report, runCorpus, SEP } from './anchoring-corpus';

const corpusPresent = existsSync(CORPUS);

group('anchoring over real clinical notes with page changes', () => {
  it.skipIf(!corpusPresent)(`re-anchors MTSamples notes, never on the wrong words${corpusPresent ? '' : ` (skipped: ${CORPUS} not found)`}`, () => {
    const notes = loadNotes();
    expect(notes.length).toBeGreaterThan(100);
    const report = runCorpus(notes, 20250601, 0, 120);
    report.print('MTSamples corpus');
    const total = report.total();
    expect(report.wrongCases).toEqual([]);
    expect(total.wrong).toBe(0);
    expect(total.correct / (total.correct + total.lost)).toBeGreaterThan(0.9);
    const unchanged = report.byKind.get('unchanged')!;
    expect(unchanged.correct).toBeGreaterThan(200);
    expect(unchanged.lost).toBe(0);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Fixed texts: chart templates that repeat the same words for every patient

function chart(p: { name: string; mrn: string; dob: string; allergy: string; k: string; na: string; cr: string; plan: string }): string {
  return [
    'Clinical Lens demo EHR — Chart',
    `Patient: ${p.name}   MRN: ${p.mrn}   DOB: ${p.dob}`,
    `Allergies: ${p.allergy}`,
    'Vital signs: reviewed, see flowsheet.',
    `Labs (this morning): Sodium ${p.na} mmol/L, Potassium ${p.k} mmol/L, Creatinine ${p.cr} mg/dL`,
    'Cardiovascular: Within normal limits.',
    'Respiratory: Within normal limits.',
    'Abdomen: Within normal limits.',
    'Neurological: Within normal limits.',
    `Assessment and plan: ${p.plan}`,
    'Recheck basic metabolic panel in one week.',
    'Signed electronically by the attending physician.',
  ].join(SEP);
}

const ALICE = chart({ name: 'Alice Moreau', mrn: '004521', dob: '1956-03-14', allergy: 'Penicillin (rash)', k: '3.1', na: '138', cr: '1.4', plan: 'Hypokalemia, likely diuretic related. Start potassium chloride 20 mEq daily.' });
const BRUNO = chart({ name: 'Bruno Keller', mrn: '007733', dob: '1948-11-02', allergy: 'None known', k: '4.2', na: '141', cr: '0.9', plan: 'Stable. Continue current medicines and low-salt diet.' });

function at(text: string, quote: string, occurrence = 0): { start: number; end: number } {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = text.indexOf(quote, index + 1);
  if (index < 0) throw new Error(`not in text: ${quote}`);
  return { start: index, end: index + quote.length };
}

group('anchoring on repeated template text', () => {
  const notesOnAlice = [
    { label: 'lab value', ...at(ALICE, 'Potassium 3.1 mmol/L') },
    { label: 'template line', ...at(ALICE, 'Respiratory: Within normal limits.') },
    { label: 'repeated words', ...at(ALICE, 'Within normal limits', 1) },
    { label: 'template sentence', ...at(ALICE, 'Recheck basic metabolic panel in one week.') },
    { label: 'patient-specific plan', ...at(ALICE, 'likely diuretic related') },
    { label: 'allergy', ...at(ALICE, 'Penicillin (rash)') },
  ];

  it('re-anchors on the same chart after changes and orphans on another patient’s chart', () => {
    const report = new Report();
    for (const note of notesOnAlice) {
      const { note: noted, start, end } = noteOn(ALICE, note.start, note.end);
      const newRow = 'Labs (last week): Sodium 137 mmol/L, Potassium 3.4 mmol/L' + SEP;
      const labsAt = ALICE.indexOf('Labs (this morning)');
      const cases: Case[] = [
        { kind: 'unchanged', text: ALICE, expected: { start, end } },
        edited('banner inserted above', ALICE, [{ at: 0, remove: 0, insert: 'Downtime notice: read-only until 18:00.' + SEP }], start, end),
        edited('older lab row inserted', ALICE, [{ at: labsAt, remove: 0, insert: newRow }], start, end),
        { kind: 'another patient’s chart', text: BRUNO, expected: null },
        { kind: 'another patient’s chart, shifted', text: 'Downtime notice: read-only until 18:00.' + SEP + BRUNO, expected: null },
      ];
      for (const testCase of cases) report.add(testCase.kind, outcomeOf(testCase, noted), () => note.label);
    }
    report.print('Chart template');
    expect(report.wrongCases).toEqual([]);
    const total = report.total();
    expect(total.rightlyOrphaned).toBe(notesOnAlice.length * 2);
    expect(total.correct).toBe(notesOnAlice.length * 3);
  });

  it('orphans a note on one of several identical lines when its line is removed', () => {
    const respiratory = at(ALICE, 'Within normal limits', 1);
    const { note } = noteOn(ALICE, respiratory.start, respiratory.end);
    expect(note.occurrence).toEqual({ index: 1, count: 4, distinct: true });
    const withoutRespiratory = ALICE.replace('Respiratory: Within normal limits.' + SEP, '');
    const changed = ALICE.replace('Respiratory: Within normal limits.', 'Respiratory: Scattered wheezes bilaterally.');
    for (const text of [withoutRespiratory, changed]) {
      // A copy fewer: orphan, whether or not the copy count is known (notes imported from
      // other tools lack it).
      expect(anchor(text, note.selectors, { occurrence: note.occurrence })).toEqual({ orphan: true, reason: 'repeats-changed' });
      expect(anchor(text, note.selectors)).toMatchObject({ orphan: true });
    }
    // With the line still there and a row added above, the note is found on its own line.
    const moved = edited('row added', ALICE, [{ at: 0, remove: 0, insert: 'Allergy review done.' + SEP }], respiratory.start, respiratory.end);
    expect(anchor(moved.text, note.selectors, { occurrence: note.occurrence })).toMatchObject({ orphan: false, ...moved.expected });
  });

  it('orphans a quote whose context cannot tell two places apart, instead of guessing', () => {
    // A daily progress note pasted forward: copies 2 and 3 have the same words on both sides.
    const paragraph = 'Patient seen and examined at the bedside this morning, tolerated diet without nausea or vomiting, ambulating in the hallway with assistance.';
    const original = ['Progress notes', paragraph, paragraph, paragraph, paragraph, 'End of notes'].join(SEP);
    const second = at(original, 'tolerated diet without nausea', 1);
    const { note } = noteOn(original, second.start, second.end);
    // Unchanged: the stored position still holds the same words and context.
    expect(anchor(original, note.selectors, { occurrence: note.occurrence })).toMatchObject({ orphan: false, start: second.start, method: 'position' });
    // After an edit above, the position is lost and copies 2 and 3 cannot be told apart by
    // context. Their order would say "the second", but a guess it stays: orphan.
    const changed = ['Progress notes (amended)', paragraph, paragraph, paragraph, paragraph, 'End of notes'].join(SEP);
    expect(anchor(changed, note.selectors)).toMatchObject({ orphan: true, reason: 'ambiguous' });
    expect(anchor(changed, note.selectors, { occurrence: note.occurrence })).toMatchObject({ orphan: true, reason: 'ambiguous' });
    expect(note.occurrence).toEqual({ index: 1, count: 4, distinct: false });
  });
});

group('describe and anchor basics', () => {
  const text = ['Discharge summary', 'Hepatic artery chemoembolization was performed without complication.', 'Follow-up imaging in six weeks.'].join(SEP);

  it('stores the quote with at least 32 characters of context where the text has them', () => {
    const { start, end } = at(text, 'without complication');
    const description = describePassage(text, start - 1, end)!;
    const [quote, position] = description.selectors;
    expect(description.version).toBe(ANCHOR_VERSION);
    expect(quote.exact).toBe('without complication');
    expect(quote.prefix!.length).toBeGreaterThanOrEqual(32);
    expect(quote.suffix!.length).toBeGreaterThanOrEqual(32);
    expect(quote.prefix!.endsWith('performed ')).toBe(true);
    expect(quote.suffix).toBe('.\nFollow-up imaging in six weeks.');
    expect(position).toEqual({ type: 'TextPositionSelector', start, end });
    expect(describePassage(text, 3, 3)).toBeNull();
    expect(describePassage(text, 17, 18)).toBeNull();
  });

  it('counts TextPositionSelector offsets in code points and answers in UTF-16 units', () => {
    const emoji = `Note 🩺🩺 for the clinic.${SEP}Potassium chloride 20 mEq daily with food.`;
    const { start, end } = at(emoji, 'chloride 20 mEq');
    const description = describePassage(emoji, start, end)!;
    expect(description.selectors[1]).toMatchObject({ start: start - 2, end: end - 2 });
    expect(anchor(emoji, description.selectors)).toMatchObject({ orphan: false, start, end, method: 'position' });
    const moved = `🩺 ${emoji}`;
    expect(anchor(moved, description.selectors)).toMatchObject({ orphan: false, start: start + 3, end: end + 3, method: 'quote' });
  });

  it('accepts the position only when the quote is there, then finds the quote, then a fuzzy match', () => {
    const { start, end } = at(text, 'chemoembolization was performed');
    const { selectors } = noteOn(text, start, end).note;
    expect(anchor(text, selectors)).toMatchObject({ method: 'position', start, end });
    const shifted = 'Printed copy' + SEP + text;
    expect(anchor(shifted, selectors)).toMatchObject({ method: 'quote', start: start + 13, end: end + 13 });
    const typo = text.replace('performed', 'perfomred');
    const fuzzy = anchor(typo, selectors);
    expect(fuzzy).toMatchObject({ orphan: false, method: 'fuzzy', start });
    expect(fuzzy.orphan === false && fuzzy.score).toBeLessThan(1);
  });

  it('tries a resolved DOM range first, and only with the quote and context unchanged there', () => {
    const { start, end } = at(text, 'chemoembolization was performed');
    const { selectors } = noteOn(text, start, end).note;
    const shifted = 'Printed copy' + SEP + text;
    expect(anchor(shifted, selectors, { range: { start: start + 13, end: end + 13 } })).toMatchObject({ method: 'range', start: start + 13 });
    // A stale range (pointing at other words) is ignored and the quote is searched for.
    expect(anchor(shifted, selectors, { range: { start, end } })).toMatchObject({ method: 'quote', start: start + 13 });
  });

  it('anchors a note from another tool with little context when its quote is long and unique', () => {
    const page = ['Chart', 'Plan: review response at tumour board.', 'Plan: follow up in interventional radiology clinic.', 'Signed.'].join(SEP);
    const selectors: Selector[] = [{ type: 'TextQuoteSelector', exact: 'follow up in interventional radiology clinic', prefix: 'Plan: ', suffix: '.' }];
    const { start, end } = at(page, 'follow up in interventional radiology clinic');
    expect(anchor(page, selectors)).toMatchObject({ orphan: false, start, end, method: 'quote' });
    // A short quote with the same little context proves nothing: "Plan: " precedes both lines.
    const short: Selector[] = [{ type: 'TextQuoteSelector', exact: 'review', prefix: 'Plan: ', suffix: ' response' }];
    expect(anchor(`Intro${SEP}Plan: review response.${SEP}Plan: review labs.`, short)).toMatchObject({ orphan: true });
  });

  it('refuses a fuzzy match whose numbers differ and a quote that is gone', () => {
    const labs = ['Labs', 'Potassium 3.1 mmol/L, sodium 138 mmol/L, creatinine 1.4 mg/dL, glucose 102 mg/dL.', 'Plan: recheck.'].join(SEP);
    const { start, end } = at(labs, 'Potassium 3.1 mmol/L, sodium 138 mmol/L');
    const { selectors } = noteOn(labs, start, end).note;
    expect(anchor(labs.replace('3.1', '3.7'), selectors)).toMatchObject({ orphan: true });
    expect(anchor('Nothing to see here.', selectors)).toMatchObject({ orphan: true });
    expect(anchor(labs, [])).toEqual({ orphan: true, reason: 'no-quote' });
  });
});
