// The bench's results: the shape of bench/results.json, the targets of issue 6, and the
// Markdown tables printed at the end of a run (the README's "Benchmarks" section).
import { median, round } from './stats';

export interface ScanResult {
  page: string;
  chars: number;
  ms: number;
  floorMs: number;
  markjsMs: number;
  longestTaskMs: number;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  chromium: string;
  node: string;
  os: string;
  date: string;
  /** 1-minute load average at the start and the end of the run: other work skews figures. */
  loadAverage: [number, number];
}

export interface Results {
  machine: Machine;
  scan: ScanResult[];
  dictionaryScale: Record<'100' | '1000' | '10000', number>;
  incrementalMs: number;
  hover: { warmMs: number; coldMs: number };
  search: Record<'100' | '10000', { p50: number; p95: number }>;
  contentScript: { bytes: number; gzipBytes: number; idleMs: number };
  heapMB: number;
  ratios: Ratios;
  /** Everything else measured: repetitions, spreads, the parts of each figure. */
  details: Record<string, unknown>;
}

export interface Ratios {
  /** Per page: our time ÷ the floor's. */
  scanVsFloor: Record<string, number>;
  /** Per page: mark.js's time ÷ ours. */
  markjsVsScan: Record<string, number>;
  dictionary10000vs100: number;
  hoverColdVsWarm: number;
  searchP95_10000vs100: number;
}

export interface Target {
  name: string;
  value: string;
  target: string;
  pass: boolean;
}

const KB = 1024;

export function computeRatios(r: Omit<Results, 'ratios' | 'details' | 'machine'>): Ratios {
  return {
    scanVsFloor: Object.fromEntries(r.scan.map((s) => [s.page, round(s.ms / s.floorMs)])),
    markjsVsScan: Object.fromEntries(r.scan.map((s) => [s.page, round(s.markjsMs / s.ms)])),
    dictionary10000vs100: round(r.dictionaryScale['10000'] / r.dictionaryScale['100']),
    hoverColdVsWarm: round(r.hover.coldMs / r.hover.warmMs),
    searchP95_10000vs100: round(r.search['10000'].p95 / r.search['100'].p95),
  };
}

export function targets(r: Omit<Results, 'details' | 'machine'>): Target[] {
  /** The item with the highest (or lowest) value; a value that could not be measured wins. */
  const worst = <T>(list: T[], key: (t: T) => number, pick: 'max' | 'min'): [T | undefined, number] => {
    let found: [T | undefined, number] = [undefined, NaN];
    for (const item of list) {
      const v = key(item);
      if (Number.isNaN(v)) return [item, v];
      if (found[0] === undefined || (pick === 'max' ? v > found[1] : v < found[1])) found = [item, v];
    }
    return found;
  };
  const [slowest, vsFloor] = worst(r.scan, (s) => s.ms / s.floorMs, 'max');
  const [leastAhead, vsMarkjs] = worst(r.scan, (s) => s.markjsMs / s.ms, 'min');
  const [longestPage, longest] = worst(r.scan, (s) => s.longestTaskMs, 'max');
  const ok = (v: number, good: boolean) => Number.isFinite(v) && good;
  return [
    { name: 'scan vs floor (worst page)', value: `${round(vsFloor)}× (${slowest?.page ?? '–'})`, target: '≤ 2×', pass: ok(vsFloor, vsFloor <= 2) },
    { name: 'mark.js vs scan (worst page)', value: `${round(vsMarkjs)}× (${leastAhead?.page ?? '–'})`, target: '≥ 50×', pass: ok(vsMarkjs, vsMarkjs >= 50) },
    { name: 'longest task during a scan', value: `${round(longest)} ms (${longestPage?.page ?? '–'})`, target: '≤ 50 ms', pass: ok(longest, longest <= 50) },
    { name: 'dictionary 10,000 vs 100 aliases', value: `${r.ratios.dictionary10000vs100}×`, target: '≤ 1.3×', pass: ok(r.ratios.dictionary10000vs100, r.ratios.dictionary10000vs100 <= 1.3) },
    { name: 'incremental rescan (1 KB on 1 MB)', value: `${round(r.incrementalMs)} ms`, target: '≤ 1 ms', pass: ok(r.incrementalMs, r.incrementalMs <= 1) },
    { name: 'hover, worker warm', value: `${round(r.hover.warmMs)} ms`, target: '≤ 50 ms', pass: ok(r.hover.warmMs, r.hover.warmMs <= 50) },
    { name: 'hover, worker cold', value: `${round(r.hover.coldMs)} ms`, target: '≤ 200 ms', pass: ok(r.hover.coldMs, r.hover.coldMs <= 200) },
    { name: 'search p95, 10,000 entries', value: `${round(r.search['10000'].p95)} ms`, target: '≤ 16 ms', pass: ok(r.search['10000'].p95, r.search['10000'].p95 <= 16) },
    { name: 'content script gzip', value: `${round(r.contentScript.gzipBytes / KB)} KB`, target: '≤ 30 KB', pass: r.contentScript.gzipBytes <= 30 * KB },
    { name: 'content script idle', value: `${round(r.contentScript.idleMs)} ms`, target: '≤ 3 ms', pass: ok(r.contentScript.idleMs, r.contentScript.idleMs <= 3) },
  ];
}

function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

const ms = (v: number) => (Number.isFinite(v) ? `${round(v)}` : '–');

/** The lazily imported UI modules' total size (details.lazyModules, bench/footprint.ts). */
function lazyBytes(details: Results['details']): string {
  const total = (details.lazyModules as { total?: { bytes: number; gzipBytes: number } } | undefined)?.total;
  return total ? `${total.bytes.toLocaleString('en-US')} / ${total.gzipBytes.toLocaleString('en-US')}` : '–';
}

/**
 * Style recalculation the page did with the extension minus without (details.scan), ms; NaN on
 * a page with no marks, where no stylesheet was added and the difference is only noise.
 */
function styleAdded(details: Results['details'], page: string): number {
  const perPage = details.scan as Record<string, { styleRecalcMs?: { with: number[]; without: number }; highlights?: number[] }> | undefined;
  const { styleRecalcMs: style, highlights = [] } = perPage?.[page] ?? {};
  return style && median(highlights) > 0 ? median(style.with) - style.without : NaN;
}

/** The floor measured in an isolated world (details.scan), median of the runs. */
function isolatedFloor(details: Results['details'], page: string): number {
  const perPage = details.scan as Record<string, { isolatedFloorMs?: number[] }> | undefined;
  const runs = perPage?.[page]?.isolatedFloorMs;
  return runs?.length ? median(runs) : NaN;
}

export function markdown(results: Results, checks: Target[]): string {
  const { machine: m } = results;
  const parts = [
    `Measured ${m.date.slice(0, 10)} on ${m.cpu} (${m.cores} cores, ${m.memoryGB} GB), ${m.chromium} headless, Node ${m.node}; load average ${m.loadAverage[0]} → ${m.loadAverage[1]}. Medians of repeated runs, all figures from the same run.`,
    '',
    '**Scan**: main-thread ms of the content script to find and mark every term; floor = one TreeWalker pass reading every text node of the same page (the floor the target names, run by the page itself; "isolated world": the same pass in a world of its own, as a content script runs, which Chromium charges more per node); mark.js = the same alias list, default options; longest task = our longest stretch of work in one task; style + = the extra style recalculation Chromium does once our highlight stylesheet is in (work outside our script; pages with no marks never get the sheet):',
    '',
    table(
      ['page', 'text chars', 'Clinical Lens', 'floor', '÷ floor', 'floor, isolated world', 'mark.js', 'mark.js ÷ ours', 'longest task', 'style +'],
      results.scan.map((s) => [
        s.page,
        s.chars.toLocaleString('en-US'),
        ms(s.ms),
        ms(s.floorMs),
        `${round(s.ms / s.floorMs)}×`,
        ms(isolatedFloor(results.details, s.page)),
        ms(s.markjsMs),
        `${round(s.markjsMs / s.ms)}×`,
        ms(s.longestTaskMs),
        ms(styleAdded(results.details, s.page)),
      ]),
    ),
    '',
    table(
      ['figure', 'value'],
      [
        ['dictionary scale: 100 / 1,000 / 10,000 aliases (ms)', `${ms(results.dictionaryScale['100'])} / ${ms(results.dictionaryScale['1000'])} / ${ms(results.dictionaryScale['10000'])}`],
        ['incremental rescan, 1 KB appended to a 1 MB page (ms)', ms(results.incrementalMs)],
        ['hover to card painted, first term on a page, worker warm / cold (ms)', `${ms(results.hover.warmMs)} / ${ms(results.hover.coldMs)}`],
        ['hover to card painted, a second term on the same page (ms)', ms(median((results.details.hover as { warmRepeatMs?: number[] } | undefined)?.warmRepeatMs ?? []))],
        ['search per keystroke, 100 entries: p50 / p95 (ms)', `${ms(results.search['100'].p50)} / ${ms(results.search['100'].p95)}`],
        ['search per keystroke, 10,000 entries: p50 / p95 (ms)', `${ms(results.search['10000'].p50)} / ${ms(results.search['10000'].p95)}`],
        ['content script, every frame (loader and core module): bytes / gzip', `${results.contentScript.bytes.toLocaleString('en-US')} / ${results.contentScript.gzipBytes.toLocaleString('en-US')}`],
        ['lazily imported UI modules (card, notes), all: bytes / gzip', lazyBytes(results.details)],
        ['content script start-up on a page without terms (ms)', ms(results.contentScript.idleMs)],
        ['the same without tracing: V8 script time in the page (ms)', ms(median((results.details.idle as { untracedScriptMs?: number[] } | undefined)?.untracedScriptMs ?? []))],
        ['the same for an empty content script: Chromium\'s own cost (ms)', ms(median((results.details.idle as { emptyContentScriptMs?: number[] } | undefined)?.emptyContentScriptMs ?? []))],
        ['JS heap added on the 1 MB page (MB)', ms(results.heapMB)],
      ],
    ),
    '',
    '**Targets** (issue 6):',
    '',
    table(
      ['target', 'measured', 'goal', ''],
      checks.map((c) => [c.name, c.value, c.target, c.pass ? 'PASS' : 'MISS']),
    ),
  ];
  return parts.join('\n');
}
