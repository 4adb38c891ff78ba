// `npm run --silent scan -- FILE...` prints the knowledge-base terms found in text or HTML files;
// `npm run --silent scan -- --jsonl` turns JSON lines {"id","text"} on stdin into
// {"id","mentions":[{"start","end","surface","entry"}]} lines on stdout.
// Detection is lib/detect.ts, the very function the content script runs, over the knowledge
// compiled straight from knowledge/ (no build needed). HTML is reduced to visible text by the
// content script's own text walker.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadCompiledKnowledge } from '../knowledge/vite-plugin';
import { type Detection, type Detector, createDetector } from '../lib/detect';
import { htmlToText, isHtml } from '../lib/html-text';

const USAGE = `Usage:
  npm run --silent scan -- FILE [FILE...]   terms found in each text or HTML file
  npm run --silent scan -- --jsonl          JSON lines {"id","text"} on stdin →
                                            {"id","mentions":[{"start","end","surface","entry"}]} on stdout

FILE mode prints one line per term: "start-end surface → entry [confidence]", offsets in UTF-16
units into the file's text (for HTML: into its visible text, blocks joined by U+2029), then the
abbreviations the page defines for itself that no entry explains.
In --jsonl mode a mention linked to several entries gives one object per entry (same span); a bad
input line gives {"id", "error"} (and a message on stderr) and the scan goes on.`;

class UsageError extends Error {}

function detector(): Detector {
  return createDetector(loadCompiledKnowledge().aliasTable);
}

const oneLine = (text: string) => text.replace(/[\s\u2029]+/g, ' ');

function describe(detection: Detection): string {
  return `${detection.start}-${detection.end} ${oneLine(detection.surface)} → ${detection.entryIds.join(' | ')} [${detection.confidence}]`;
}

function scanFiles(files: string[]): void {
  const detect = detector();
  for (const file of files) {
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const text = isHtml(raw, file) ? htmlToText(raw) : raw;
    if (files.length > 1) console.log(`${file}:`);
    const indent = files.length > 1 ? '  ' : '';
    const detections = detect.detect(text);
    for (const detection of detections) console.log(indent + describe(detection));
    for (const d of detect.pageDefinitions(text)) console.log(`${indent}defined on the page: ${d.short} = ${oneLine(d.long)} (${d.start}-${d.end})`);
    if (detections.length === 0) console.error(`${file}: no knowledge-base terms found`);
  }
}

type Answer = { id: unknown; mentions: { start: number; end: number; surface: string; entry: string }[] } | { id: unknown; error: string };

function answerLine(line: string, detect: Detector): Answer {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (error) {
    return { id: null, error: `not valid JSON: ${(error as Error).message}` };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { id: null, error: 'expected a JSON object {"id", "text"}' };
  const { id, text } = input as { id?: unknown; text?: unknown };
  if (id === undefined || id === null || (typeof id !== 'string' && typeof id !== 'number')) return { id: id ?? null, error: '"id" must be a string or a number' };
  if (typeof text !== 'string') return { id, error: '"text" must be a string' };
  const mentions = detect
    .detect(text)
    .flatMap(({ start, end, surface, entryIds }) => entryIds.map((entry) => ({ start, end, surface, entry })));
  return { id, mentions };
}

async function scanJsonLines(): Promise<void> {
  const detect = detector();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let number = 0;
  for await (const raw of lines) {
    number++;
    // A byte-order mark some editors put before the first line is not part of the JSON.
    const line = number === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!line.trim()) continue;
    const answer = answerLine(line, detect);
    if ('error' in answer) console.error(`line ${number}: ${answer.error}`);
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
}

async function main(args: string[]): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const unknown = args.find((arg) => arg.startsWith('-') && arg !== '--jsonl');
  if (unknown) throw new UsageError(`unknown option ${unknown}`);
  if (args.includes('--jsonl')) {
    if (args.length > 1) throw new UsageError('--jsonl reads stdin and takes no files');
    await scanJsonLines();
    return;
  }
  if (args.length === 0) throw new UsageError('no file given');
  scanFiles(args);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`scan: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(`scan: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
