// Pages the bench generates, so no multi-megabyte fixture is committed: an EHR-like chart
// (tables, many small text nodes, terms sparse) of any size, and a page with no terms at all.
// Deterministic: the same size gives the same bytes on every run and machine.

const SURNAMES = ['Zhang', 'Li', 'Wang', 'Garcia', 'Smith', 'Nguyen', 'Okafor', 'Müller', 'Rossi', 'Haddad'];
const WARDS = ['Hepatobiliary', 'Oncology', 'Interventional radiology', 'ICU', 'Gastroenterology'];
const LABS: [string, string, number, number][] = [
  ['ALT', 'U/L', 7, 56],
  ['AST', 'U/L', 10, 40],
  ['Total bilirubin', 'µmol/L', 3, 21],
  ['Albumin', 'g/L', 35, 50],
  ['INR', '', 0.8, 1.2],
  ['Platelets', '×10⁹/L', 150, 400],
  ['Creatinine', 'µmol/L', 60, 110],
  ['Sodium', 'mmol/L', 135, 145],
  ['Haemoglobin', 'g/L', 120, 170],
];
const PHRASES = [
  'Patient seen on the ward round, comfortable at rest, tolerating oral intake.',
  'Abdomen soft, mild tenderness in the right upper quadrant, no guarding.',
  'Vital signs stable overnight; afebrile; urine output adequate.',
  'Plan discussed with the patient and family, who agree with the next steps.',
  'Continue current analgesia and antiemetics; review bloods in the morning.',
  'Imaging reviewed at the multidisciplinary meeting this afternoon.',
  'Access site clean and dry, distal pulses present, no haematoma.',
  'Nursing notes: mobilising with assistance, pain score 2 of 10.',
  'Medication reconciliation completed with the pharmacist.',
  'Follow-up clinic appointment requested in four to six weeks.',
];

/** A seeded linear congruential generator: fast, and identical everywhere. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export interface EhrPageOptions {
  /** Approximate size of the HTML in bytes. */
  bytes: number;
  /** Terms to mention; one in about every `termEvery` notes carries one. */
  terms: readonly string[];
  termEvery?: number;
  seed?: number;
}

/** One encounter: a header, a lab table (many tiny cells) and a progress note. */
function encounter(n: number, rand: () => number, pick: <T>(list: readonly T[]) => T, term: string | null): string {
  const day = 1 + (n % 28);
  const rows = LABS.map(([name, unit, low, high]) => {
    const value = (low + (high - low) * (0.6 + rand() * 0.9)).toFixed(name === 'INR' ? 2 : 0);
    const flag = Number(value) > high ? 'H' : '';
    return `<tr><td>${escapeHtml(name)}</td><td class="v">${value}</td><td>${escapeHtml(unit)}</td><td>${low}–${high}</td><td class="f">${flag}</td></tr>`;
  }).join('');
  const note = Array.from({ length: 3 }, () => pick(PHRASES));
  if (term) note.splice(1, 0, `Background of ${term}; see previous letters.`);
  return `<section class="enc" id="e${n}">
<header><span class="date">2024-03-${String(day).padStart(2, '0')}</span> <span class="ward">${pick(WARDS)}</span> <span class="by">Dr ${pick(SURNAMES)}</span> <button type="button">Sign</button></header>
<table class="labs"><thead><tr><th>Test</th><th>Result</th><th>Unit</th><th>Range</th><th>Flag</th></tr></thead><tbody>${rows}</tbody></table>
<div class="note"><p>${note.map(escapeHtml).join('</p><p>')}</p><p class="meta"><span>Entered by</span> <b>${pick(SURNAMES)}</b> <i>at ${String(8 + (n % 10)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}</i></p></div>
</section>\n`;
}

export function ehrPage({ bytes, terms, termEvery = 12, seed = 7 }: EhrPageOptions): string {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Chart (Clinical Lens bench)</title>
<style>body{font:13px/1.4 system-ui,sans-serif;margin:8px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:1px 4px}.enc{margin:8px 0}</style></head>
<body><h1>Patient chart (synthetic, for the Clinical Lens bench)</h1><main id="chart">\n`;
  const tail = '</main></body></html>\n';
  const parts = [head];
  let size = head.length + tail.length;
  for (let n = 0; size < bytes; n++) {
    const term = terms.length !== 0 && n % termEvery === 0 ? (terms[(n / termEvery) % terms.length] as string) : null;
    const part = encounter(n, rand, pick, term);
    parts.push(part);
    size += part.length;
  }
  parts.push(tail);
  return parts.join('');
}

/** About `bytes` of ordinary prose in paragraphs and a list, with no knowledge-base term. */
export function plainPage(bytes = 30_000): string {
  const rand = random(11);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const words = ['the', 'garden', 'river', 'morning', 'quietly', 'bridge', 'market', 'stone', 'window', 'walked', 'bright', 'later', 'across', 'village', 'table', 'letter', 'summer', 'road', 'station', 'small'];
  const parts = ['<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>A plain page</title></head><body><h1>Notes from a walk</h1>\n'];
  let size = parts[0]?.length ?? 0;
  for (let n = 0; size < bytes; n++) {
    const sentence = () => {
      const s = Array.from({ length: 8 + Math.floor(rand() * 10) }, () => pick(words)).join(' ');
      return `${s[0]?.toUpperCase()}${s.slice(1)}.`;
    };
    const part = n % 5 === 4 ? `<ul><li>${sentence()}</li><li>${sentence()}</li></ul>\n` : `<p>${sentence()} ${sentence()} <a href="#n${n}">${pick(words)}</a> ${sentence()}</p>\n`;
    parts.push(part);
    size += part.length;
  }
  parts.push('</body></html>\n');
  return parts.join('');
}

/** 1 KB of chart text appended by the incremental test: one new note mentioning a term. */
export function appendedNote(term: string): string {
  const base = `New entry 2024-03-29 09:40. Reviewed overnight observations with the nursing team. Background of ${term}; see previous letters. `;
  let text = base;
  const rand = random(3);
  while (text.length < 1024) text += `${PHRASES[Math.floor(rand() * PHRASES.length)]} `;
  return text.slice(0, 1024);
}
