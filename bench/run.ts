// npm run bench: builds the extension once, measures it in headless Chromium side by side with
// its baselines, prints the tables and the targets of issue 6, and writes bench/results.json.
//   BENCH_REPS=n        repetitions per figure (default 3; medians are reported)
//   BENCH_ONLY=a,b      run only these sections: idle scan incremental heap hover search dictionary
//   BENCH_SKIP_BUILD=1  reuse the previous build (while working on the bench itself)
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_HOVER_INTENT } from '../entrypoints/content/hover-intent';
import { loadCompiledKnowledge } from '../knowledge/vite-plugin';
import { extensionDir } from '../scripts/chromium';
import { CORPUS_DIR, startStaticServer, type StaticServer } from '../scripts/static-server';
import { type BenchBrowser, launch, setExtensionStorage } from './browser';
import { buildExtension } from './build';
import { storedGlossary, syntheticEntries, syntheticPageTerms } from './dictionary';
import { contentScriptBytes, emptyExtension, everyFrameFiles, heapAfterLoad, idleRun, lazyModuleBytes, untracedScriptMs } from './footprint';
import { hoverRuns } from './hover';
import { incrementalRuns } from './incremental';
import { appendedNote, ehrPage, plainPage } from './pages';
import { computeRatios, markdown, type Results, type ScanResult, targets } from './report';
import { markJsBaseline, scanWithExtension, type ScanRun } from './scan';
import { popupSearch } from './search';
import { QUERIES, runSearchBench } from './search.bench';
import { median, round } from './stats';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Parallel work (CL_TAG) keeps its own results, so only a plain run updates the committed file. */
const RESULTS_FILE = process.env.CL_TAG ? `bench/results-${process.env.CL_TAG}.json` : 'bench/results.json';
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 3));
const SECTIONS = ['idle', 'scan', 'incremental', 'heap', 'hover', 'search', 'dictionary'] as const;
type Section = (typeof SECTIONS)[number];
const ONLY = new Set((process.env.BENCH_ONLY ?? SECTIONS.join(',')).split(',').map((s) => s.trim()));
const DICTIONARY_SIZES = ['100', '1000', '10000'] as const;
type DictionarySize = (typeof DICTIONARY_SIZES)[number];

const PAGES = {
  ehr5: '/bench/ehr-5mb.html',
  ehr1: '/bench/ehr-1mb.html',
  synthetic1: '/bench/synthetic-1mb.html',
  plain: '/bench/plain.html',
  hover: '/demo/article.html',
};
/** The first term hovered on a fresh page, then a second one whose card finds the UI ready. */
const HOVER_SURFACES = ['hepatocellular carcinoma', 'iodized oil'];
/** The whole alias list on the 5 MB page would keep mark.js busy for many minutes. */
const MARKJS_SAMPLE_ON_BIG_PAGE = 34;

const started = Date.now();
const log = (message: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

async function repeat<T>(reps: number, run: (rep: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let rep = 0; rep < reps; rep++) out.push(await run(rep));
  return out;
}

async function build(): Promise<string> {
  if (process.env.BENCH_SKIP_BUILD) {
    log('BENCH_SKIP_BUILD: using the existing build');
    return extensionDir();
  }
  log(`building the extension (CL_TAG=${process.env.CL_TAG ?? ''})`);
  return buildExtension();
}

function corpusPages(): string[] {
  const dir = join(CORPUS_DIR, 'web');
  if (!existsSync(dir)) {
    console.log(`Skipping the corpus pages: ${dir} is absent (it exists only in the team's workspace). The generated 5 MB page is still measured.`);
    return [];
  }
  return readdirSync(dir)
    .filter((name) => name.endsWith('.html'))
    .sort()
    .map((name) => `/corpus/web/${name}`);
}

interface Context {
  server: StaticServer;
  ext: BenchBrowser;
  plain: BenchBrowser;
  extension: string;
  aliases: string[];
  terms: string[];
  details: Record<string, unknown>;
}

async function measureIdle({ ext, server, details }: Context): Promise<number> {
  log(`start-up on a page without terms (${REPS}×)`);
  const runs = await repeat(REPS, () => idleRun(ext, server.url(PAGES.plain)));
  log(`the same without tracing: V8's script time in the page (${REPS}×)`);
  const untraced = await repeat(REPS, () => untracedScriptMs(ext, server.url(PAGES.plain)));
  log(`the same with an extension whose content script is empty (${REPS}×)`);
  const emptyDir = emptyExtension();
  const empty = await launch(emptyDir);
  const baseline = await repeat(REPS, () => idleRun(empty, server.url(PAGES.plain))).finally(async () => {
    await empty.close();
    rmSync(emptyDir, { recursive: true, force: true });
  });
  details.idle = {
    page: `${PAGES.plain} (30 KB of prose, no terms)`,
    ms: runs.map((r) => round(r.ms)),
    evaluateMs: runs.map((r) => round(r.evaluateMs)),
    untracedScriptMs: untraced.map(round),
    emptyContentScriptMs: baseline.map((r) => round(r.ms)),
    emptyContentScriptEvaluateMs: baseline.map((r) => round(r.evaluateMs)),
  };
  return median(runs.map((r) => r.ms));
}

async function measureScan({ ext, plain, server, aliases, details }: Context): Promise<ScanResult[]> {
  const results: ScanResult[] = [];
  const perPage: Record<string, unknown> = {};
  for (const path of [...corpusPages(), PAGES.ehr5]) {
    const big = path === PAGES.ehr5;
    const reps = big ? Math.min(REPS, 2) : REPS;
    const sample = big ? MARKJS_SAMPLE_ON_BIG_PAGE : 1;
    log(`scan ${path} (${reps}×; mark.js once${big ? `, every ${sample}th alias, scaled to all` : ''})`);
    const ours: ScanRun[] = [];
    for (let rep = 0; rep < reps; rep++) ours.push(await scanWithExtension(ext, server.url(path)));
    const markjs = await markJsBaseline(plain, server.url(path), aliases, sample);
    const page = path.split('/').pop() as string;
    results.push({
      page,
      chars: ours[0]?.chars ?? NaN,
      ms: median(ours.map((r) => r.ms)),
      floorMs: median(ours.map((r) => r.floorMs)),
      markjsMs: markjs.ms,
      longestTaskMs: median(ours.map((r) => r.longestTaskMs)),
    });
    perPage[page] = {
      ms: ours.map((r) => round(r.ms)),
      floorMs: ours.map((r) => round(r.floorMs)),
      isolatedFloorMs: ours.map((r) => round(r.isolatedFloorMs)),
      longestTaskMs: ours.map((r) => round(r.longestTaskMs)),
      longTaskApiMs: ours.map((r) => round(r.longTaskApiMs)),
      startupMs: ours.map((r) => round(r.evaluateMs)),
      spanMs: ours.map((r) => round(r.spanMs)),
      highlights: ours.map((r) => r.highlights),
      styleRecalcMs: { with: ours.map((r) => round(r.styleMs)), without: round(markjs.styleMs) },
      markjs: { ms: round(markjs.ms), marked: markjs.marked, aliasesRun: markjs.aliasesRun, of: aliases.length },
    };
  }
  details.scan = perPage;
  return results;
}

async function measureIncremental({ ext, server, terms, details }: Context): Promise<number> {
  log(`incremental: ${REPS} appends of 1 KB to ${PAGES.ehr1}`);
  const notes = Array.from({ length: REPS }, (_, i) => appendedNote(terms[i % terms.length] as string));
  const runs = await incrementalRuns(ext, server.url(PAGES.ehr1), notes);
  details.incremental = { ms: runs.map((r) => round(r.ms)), latencyMs: runs.map((r) => round(r.latencyMs)), longestTaskMs: runs.map((r) => round(r.longestTaskMs)) };
  return median(runs.map((r) => r.ms));
}

async function measureHeap({ ext, plain, server, details }: Context): Promise<number> {
  const reps = Math.min(REPS, 2);
  log(`heap on ${PAGES.ehr1}, with and without the extension (${reps}× each)`);
  const runs = await repeat(reps, async () => ({ with: await heapAfterLoad(ext, server.url(PAGES.ehr1)), without: await heapAfterLoad(plain, server.url(PAGES.ehr1)) }));
  const added = (key: 'jsMB' | 'embedderMB') => median(runs.map((r) => r.with[key])) - median(runs.map((r) => r.without[key]));
  details.heap = {
    jsMB: { with: runs.map((r) => round(r.with.jsMB)), without: runs.map((r) => round(r.without.jsMB)) },
    blinkMB: { with: runs.map((r) => round(r.with.embedderMB)), without: runs.map((r) => round(r.without.embedderMB)), added: round(added('embedderMB')) },
  };
  return added('jsMB');
}

async function measureHover({ ext, server, extension, details }: Context): Promise<Results['hover']> {
  // The hover delay would dominate: set it to 0 where the content script reads the setting.
  const honoured = everyFrameFiles(extension).some((file) => readFileSync(join(extension, file), 'utf8').includes('hoverDelayMs'));
  await setExtensionStorage(ext, { settings: { hoverDelayMs: 0 } });
  const delayMs = honoured ? 0 : DEFAULT_HOVER_INTENT.delayMs;
  log(`hover on ${PAGES.hover} (${REPS}× warm then a second term, ${REPS}× cold; hover delay in effect: ${delayMs} ms)`);
  const runs = await repeat(REPS, async () => ({
    warm: await hoverRuns(ext, server.url(PAGES.hover), HOVER_SURFACES, false),
    cold: await hoverRuns(ext, server.url(PAGES.hover), HOVER_SURFACES.slice(0, 1), true),
  }));
  const first = (kind: 'warm' | 'cold') => runs.map((r) => r[kind][0] ?? { totalMs: NaN, firstCardMs: NaN });
  details.hover = {
    page: PAGES.hover,
    terms: HOVER_SURFACES,
    delayMs,
    note: honoured ? 'hover delay set to 0 through the settings item' : `the content script does not read the hover-delay setting: its default ${delayMs} ms delay is subtracted`,
    warmFirstMs: first('warm').map((r) => round(r.totalMs)),
    coldFirstMs: first('cold').map((r) => round(r.totalMs)),
    warmRepeatMs: runs.map((r) => round(r.warm[1]?.totalMs ?? NaN)),
    loadingCardMs: { warm: first('warm').map((r) => round(r.firstCardMs)), cold: first('cold').map((r) => round(r.firstCardMs)) },
  };
  return { warmMs: median(first('warm').map((r) => r.totalMs)) - delayMs, coldMs: median(first('cold').map((r) => r.totalMs)) - delayMs };
}

async function measureSearch({ ext, details }: Context): Promise<Results['search']> {
  const search = {} as Results['search'];
  const perSize: Record<string, unknown> = {};
  for (const size of ['100', '10000'] as const) {
    log(`popup search, glossary of ${size} entries: ${QUERIES.length} queries typed key by key`);
    const stats = await popupSearch(ext, Number(size), QUERIES);
    search[size] = { p50: stats.p50, p95: stats.p95 };
    perSize[size] = { keystrokes: stats.keystrokes, skipped: stats.skipped };
  }
  log('the same search code alone, in Node (bench/search.bench.ts)');
  perSize.node = runSearchBench().map((r) => ({ entries: r.glossaryEntries, p50: round(r.medianMs), p95: round(r.p95Ms), reindexMs: round(r.rebuildMs) }));
  details.search = perSize;
  return search;
}

/**
 * The same page with a personal glossary of 100, 1,000 and 10,000 synthetic aliases, the way a
 * user's imported glossary reaches the content script (on top of the built-in aliases). The
 * sizes are interleaved, one page load each, so drift hits them alike.
 */
async function measureDictionary({ ext, server, aliases, details }: Context): Promise<Results['dictionaryScale']> {
  log(`dictionary scale on ${PAGES.synthetic1}: personal glossaries of ${DICTIONARY_SIZES.join(', ')} aliases (${REPS}× each, interleaved)`);
  const runs = Object.fromEntries(DICTIONARY_SIZES.map((s) => [s, [] as ScanRun[]])) as Record<DictionarySize, ScanRun[]>;
  try {
    for (let rep = 0; rep < REPS; rep++) {
      for (const size of DICTIONARY_SIZES) {
        await setExtensionStorage(ext, storedGlossary(syntheticEntries(Number(size))));
        runs[size].push(await scanWithExtension(ext, server.url(PAGES.synthetic1)));
      }
    }
  } finally {
    await setExtensionStorage(ext, storedGlossary([]));
  }
  details.dictionaryScale = {
    note: `synthetic aliases in a personal glossary, on top of the ${aliases.length} built-in ones`,
    ...Object.fromEntries(
      DICTIONARY_SIZES.map((s) => [s, { ms: runs[s].map((r) => round(r.ms)), startupMs: runs[s].map((r) => round(r.evaluateMs)), longestTaskMs: runs[s].map((r) => round(r.longestTaskMs)), highlights: runs[s].map((r) => r.highlights) }]),
    ),
  };
  return Object.fromEntries(DICTIONARY_SIZES.map((s) => [s, median(runs[s].map((r) => r.ms))])) as Results['dictionaryScale'];
}

async function chromiumVersion(browser: BenchBrowser): Promise<string> {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  const { product } = await cdp.send('Browser.getVersion');
  await page.close();
  return product;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0] ?? NaN;
  const extension = await build();
  const knowledge = loadCompiledKnowledge();
  const terms = knowledge.entries.map((e) => e.term);
  const server = await startStaticServer({
    routes: {
      [PAGES.ehr5]: ehrPage({ bytes: 5_000_000, terms }),
      [PAGES.ehr1]: ehrPage({ bytes: 1_000_000, terms }),
      [PAGES.synthetic1]: ehrPage({ bytes: 1_000_000, terms: syntheticPageTerms() }),
      [PAGES.plain]: plainPage(),
    },
  });
  const ext = await launch(extension);
  const plain = await launch(null);
  const ctx: Context = { server, ext, plain, extension, aliases: knowledge.aliasTable.aliases.map(([text]) => text), terms, details: { reps: REPS } };
  ctx.details.aliases = ctx.aliases.length;
  // contentScript.bytes is what every frame runs (loader and core module); these load only where
  // a card or notes are shown.
  const { files: everyFrame, ...contentScript } = contentScriptBytes(extension);
  ctx.details.contentScriptFiles = everyFrame;
  ctx.details.lazyModules = lazyModuleBytes(extension);
  const run = async <T>(section: Section, measure: (c: Context) => Promise<T>, skipped: T): Promise<T> => (ONLY.has(section) ? measure(ctx) : skipped);
  try {
    const chromium = await chromiumVersion(plain);
    const idleMs = await run('idle', measureIdle, NaN);
    const scan = await run('scan', measureScan, []);
    const incrementalMs = await run('incremental', measureIncremental, NaN);
    const heapMB = await run('heap', measureHeap, NaN);
    const hover = await run('hover', measureHover, { warmMs: NaN, coldMs: NaN });
    const search = await run('search', measureSearch, { '100': { p50: NaN, p95: NaN }, '10000': { p50: NaN, p95: NaN } });
    const dictionaryScale = await run('dictionary', measureDictionary, { '100': NaN, '1000': NaN, '10000': NaN });

    const core = { scan, dictionaryScale, incrementalMs, hover, search, contentScript: { ...contentScript, idleMs }, heapMB };
    const ratios = computeRatios(core);
    const checks = targets({ ...core, ratios });
    ctx.details.targets = checks;
    const results: Results = {
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        memoryGB: Math.round(totalmem() / 2 ** 30),
        chromium,
        node: process.versions.node,
        os: `${type()} ${release()}`,
        date: new Date().toISOString(),
        loadAverage: [round(loadAtStart), round(loadavg()[0] ?? NaN)],
      },
      ...core,
      ratios,
      details: ctx.details,
    };
    const rounded: unknown = JSON.parse(JSON.stringify(results, (_, v: unknown) => (typeof v === 'number' ? round(v) : v)));
    writeFileSync(join(ROOT, RESULTS_FILE), `${JSON.stringify(rounded, null, 2)}\n`);
    console.log(`\n${markdown(results, checks)}\n`);
    log(`done: ${RESULTS_FILE}`);
  } finally {
    await ext.close();
    await plain.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
