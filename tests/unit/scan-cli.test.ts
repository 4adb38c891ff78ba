import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCompiledKnowledge } from '../../knowledge/vite-plugin';
import { createDetector } from '../../lib/detect';
import { htmlToText, isHtml } from '../../lib/html-text';
import { BLOCK_SEPARATOR } from '../../lib/matcher';
import { readCorpusText } from '../fixtures/dev-labels/corpus';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const detector = createDetector(loadCompiledKnowledge().aliasTable);

function scan(args: string[], input?: string) {
  const result = spawnSync(TSX, ['scripts/scan.ts', ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'clinical-lens-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PAGE = `<!doctype html><html><head><title>TACE title</title><style>.x{}</style><script>var TACE = 'HCC';</script></head>
<body><h1>Chemoembolization</h1><p>Patients with <b>hepatocellular</b> carcinoma received TACE with Lipiodol.</p>
<textarea>gelatin sponge typed here</textarea><div contenteditable="true">PVA particles in an editor</div>
<template><p>iodized oil in a template</p></template><noscript>Gelfoam</noscript><ul><li>hepatic artery</li><li>embolization</li></ul></body></html>`;

describe('htmlToText', () => {
  it('keeps the visible text, blocks joined by U+2029, and skips scripts, fields, editors and templates', () => {
    const text = htmlToText(PAGE);
    expect(text.split(BLOCK_SEPARATOR).map((b) => b.trim())).toEqual([
      'Chemoembolization',
      'Patients with hepatocellular carcinoma received TACE with Lipiodol.',
      'hepatic artery',
      'embolization',
    ]);
  });

  it('reads a fragment as a page body and sniffs HTML by name or content', () => {
    expect(htmlToText('<p>TACE</p><p>HCC &amp; Lipiodol</p>')).toBe(`TACE${BLOCK_SEPARATOR}HCC & Lipiodol`);
    expect(isHtml('plain text with <b> inside', 'notes.txt')).toBe(false);
    expect(isHtml('anything', 'page.HTM')).toBe(true);
    expect(isHtml('\n<!DOCTYPE html><html>', 'page')).toBe(true);
  });
});

describe('scan CLI, --jsonl', () => {
  const trial = readCorpusText('dev-positives/clinical-trials/NCT00960518.story');
  const lines = [
    JSON.stringify({ id: 'a', text: 'Patients with HCC (hepatocellular carcinoma) underwent TACE with Lipiodol and Gelfoam embolization.' }),
    '{"id": "broken", "text": ',
    '',
    JSON.stringify({ id: 7, text: 'Tumour necrosis factor-α converting enzyme (TACE) was measured; TACE fell. 😀 PVA particles.' }),
    JSON.stringify({ text: 'no id' }),
    JSON.stringify({ id: 'no-text' }),
    JSON.stringify({ id: 'zh', text: '患者行经动脉化疗栓塞术（TACE），栓塞剂为明胶海绵和碘化油。' }),
    ...(trial === undefined ? [] : [JSON.stringify({ id: 'trial', text: trial })]),
  ];
  const run = scan(['--jsonl'], `${lines.join('\n')}\n`);
  const out = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: unknown; mentions?: { start: number; end: number; surface: string; entry: string }[]; error?: string });
  const byId = (id: unknown) => out.find((o) => o.id === id);

  it('answers every non-blank line in order, and exits 0', () => {
    expect(run.status).toBe(0);
    expect(out.map((o) => o.id)).toEqual(['a', null, 7, null, 'no-text', 'zh', ...(trial === undefined ? [] : ['trial'])]);
  });

  it('reports UTF-16 offsets into the text and knowledge ids', () => {
    const text = JSON.parse(lines[0] ?? '{}').text as string;
    const mentions = byId('a')?.mentions ?? [];
    expect(mentions.map((m) => m.entry)).toEqual(['hepatocellular-carcinoma', 'hepatocellular-carcinoma', 'tace', 'iodized-oil', 'gelatin-sponge', 'embolization']);
    for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.surface);
    const astral = byId(7)?.mentions ?? [];
    const text7 = JSON.parse(lines[3] ?? '{}').text as string;
    expect(astral).toEqual([{ start: text7.indexOf('PVA particles'), end: text7.indexOf('PVA particles') + 13, surface: 'PVA particles', entry: 'pva-particles' }]);
    expect(byId('zh')?.mentions?.map((m) => m.surface)).toEqual(['经动脉化疗栓塞术', 'TACE', '栓塞剂', '明胶海绵', '碘化油']);
  });

  it('answers a bad line with an error naming the problem, and says so on stderr', () => {
    expect(out[1]?.error).toMatch(/not valid JSON/);
    expect(out[3]?.error).toMatch(/"id"/);
    expect(byId('no-text')?.error).toMatch(/"text" must be a string/);
    expect(run.stderr).toMatch(/line 2: not valid JSON/);
    expect(run.stderr).toMatch(/line 6: "text" must be a string/);
  });

  it.skipIf(trial === undefined)(`gives exactly what the extension’s detector gives${trial === undefined ? ' (skipped: ../shared/corpus not found)' : ''}`, () => {
    const expected = detector.detect(trial ?? '').flatMap((d) => d.entryIds.map((entry) => ({ start: d.start, end: d.end, surface: d.surface, entry })));
    expect(expected.length).toBeGreaterThan(10);
    expect(byId('trial')?.mentions).toEqual(expected);
  });
});

describe('scan CLI, files', () => {
  const html = join(dir, 'page.html');
  const txt = join(dir, 'note.txt');
  writeFileSync(html, PAGE);
  writeFileSync(txt, 'Hemostasis with Gelfoam.\nThe hepatic artery embolization used PVA particles.\n');
  const run = scan([html, txt]);

  it('prints each term with its offsets into the visible text, and skips what the reader cannot see', () => {
    expect(run.status).toBe(0);
    const visible = htmlToText(PAGE);
    const lines = run.stdout.split('\n');
    const pageLines = lines.slice(lines.indexOf(`${html}:`) + 1, lines.indexOf(`${txt}:`));
    expect(pageLines).toEqual(
      detector.detect(visible).map((d) => `  ${d.start}-${d.end} ${d.surface} → ${d.entryIds.join(' | ')} [${d.confidence}]`),
    );
    expect(pageLines.join('\n')).toMatch(/TACE → tace/);
    expect(run.stdout).not.toMatch(/gelatin sponge|template|editor/);
  });

  it('reads plain text as is', () => {
    const text = 'Hemostasis with Gelfoam.\nThe hepatic artery embolization used PVA particles.\n';
    const start = text.indexOf('hepatic');
    expect(run.stdout).toContain(`  ${start}-${start + 27} hepatic artery embolization → hepatic-artery-embolization [plain]`);
    expect(run.stdout).not.toMatch(/Gelfoam/);
  });

  it('exits non-zero with a message on usage errors', { timeout: 120_000 }, () => {
    const none = scan([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no file given[\s\S]*Usage:/);
    const bad = scan(['--frobnicate']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown option --frobnicate/);
    const missing = scan([join(dir, 'absent.txt')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*absent\.txt: ENOENT/);
  });
});
